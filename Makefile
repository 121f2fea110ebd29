# exoinfer: set up, run the demo, run the tests.
#   make demo    create .venv (first time) and run `exoinfer demo`
#   make test    create .venv (first time) and run the test suite
#   make lint    ruff format --check and ruff check
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# torch first and pinned: an unpinned torch pulls several GB of CUDA wheels (see README).
TORCH := torch==2.13.0

.PHONY: setup demo test lint format clean default-networks default-npe

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q $(TORCH)
	$(BIN)/python -m pip install -q -c requirements/constraints.txt -e ".[all,dev]"
	$(BIN)/python -m exoinfer.structure.warmup
	touch $@

demo: setup
	$(BIN)/exoinfer demo

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache exoinfer-demo

# The committed default MDNs of core-mantle-water-gas: 1M simulated planets (Dask, resumable), then one
# noise-aware full-covariance network per input set (hidden 128 x 3, 8 components, 100 epochs).
# `make -j2 default-networks` trains the two side by side, one thread each: 49 min on a 2-core machine.
# Set N or SIMS to change the set; the GPU is used when torch sees one. The set has its own path so that
# a larger study set (validation/mdn_quality.py extends out/core-mantle-water-gas.zarr) never leaks into it.
N ?= 1000000
SIMS ?= out/core-mantle-water-gas-$(N).zarr
NETWORKS := exoinfer/data/mdn
# One thread per training so that -j2 shares two cores; TRAIN_THREADS=2 for a run without -j.
TRAIN_THREADS ?= 1
TRAIN_DEFAULT := OMP_NUM_THREADS=$(TRAIN_THREADS) $(BIN)/exoinfer train mdn --data $(SIMS) --epochs 100
default-networks: $(NETWORKS)/core-mantle-water-gas__mass-radius-teq/card.json \
	$(NETWORKS)/core-mantle-water-gas__mass-radius-teq-k2/card.json

$(SIMS)/.complete: | setup
	$(BIN)/exoinfer simulate --model core-mantle-water-gas --n $(N) --out $(SIMS)
	touch $@

$(NETWORKS)/core-mantle-water-gas__mass-radius-teq/card.json: $(SIMS)/.complete
	$(TRAIN_DEFAULT) --inputs mass,radius,teq --out $(@D)

# Seed 1 for the k2 network: seed 0 trained as well by its loss and calibration, but widened the Earth
# analog's mantle thickness when k2 was added (validation/k2_effect.py; README, "Which k2 network").
$(NETWORKS)/core-mantle-water-gas__mass-radius-teq-k2/card.json: $(SIMS)/.complete
	$(TRAIN_DEFAULT) --inputs mass,radius,teq,k2 --seed 1 --out $(@D)

# The committed NPE (a MAF on the same set; `exoinfer infer --method npe` loads it): 42 min with 1 thread.
default-npe: exoinfer/data/npe/core-mantle-water-gas__mass-radius-teq/card.json

exoinfer/data/npe/core-mantle-water-gas__mass-radius-teq/card.json: $(SIMS)/.complete
	OMP_NUM_THREADS=$(TRAIN_THREADS) $(BIN)/exoinfer train npe --data $(SIMS) --epochs 100 --estimator maf \
		--inputs mass,radius,teq --out $(@D)
