"""``exoinfer models``: the structure models exoinfer knows, or one model in detail."""

import json


def register(subparsers):
    parser = subparsers.add_parser("models", help="list the structure models, or describe one")
    parser.add_argument("name", nargs="?", help="a model name or YAML file to describe")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run)


def run(args):
    from ..structure import DEFAULT_MODEL, get_model, list_models

    if args.name:
        model = get_model(args.name)
        record = {**model.describe(), "parameters": list(model.parameter_names)}
        if args.json:
            print(json.dumps(record, indent=2))
            return 0
        print(f"{model.name} (version {model.version}): {model.description}")
        print(f"parameters: {', '.join(model.parameter_names)}; radius taken at {model.top_pressure:g} Pa")
        for layer in record["layers"]:
            print(f"  {layer['name']:8s} {layer['material']:18s} {layer['reference']}")
        return 0
    models = list_models()
    if args.json:
        print(json.dumps(models, indent=2))
        return 0
    width = max(map(len, models))
    for name, description in models.items():
        mark = "*" if name == DEFAULT_MODEL else " "
        print(f"{mark} {name:{width}s}  {description}")
    print("* default model. Describe one with: exoinfer models NAME")
    return 0
