"""An invented mini corpus and a model fitted on it in milliseconds (hashed one-hot token encoder, no ONNX)."""

from __future__ import annotations

import numpy as np

from sourcetrace.models.encoding import FakeTokenEncoder
from sourcetrace.narratives.corpus import Annotation
from sourcetrace.narratives.features import sentence_features
from sourcetrace.narratives.model import NarrativeModel, Thresholds
from sourcetrace.narratives.sentences import sentence_spans
from sourcetrace.narratives.taxonomy import Taxonomy
from sourcetrace.train.narratives import Corpus, TrainConfig, fit_model

WEST = "URW: Discrediting the West, Diplomacy"
WEAK = f"{WEST}: The West is weak"
FEARS = "URW: Amplifying war-related fears"
NUKES = f"{FEARS}: There is a real possibility that nuclear weapons will be employed"
ALARM_N = "CC: Criticism of climate movement"
ALARM = f"{ALARM_N}: Climate movement is alarmist"

#: (file, text, narratives, sub-narratives) — every text written for these tests.
ARTICLES = [
    ("EN_UA_1.txt", "Brussels looks feeble again.\n\nThe alliance is weak and divided, the minister said. "
     "Its summits achieve nothing.", (WEST,), (WEAK,)),
    ("EN_UA_2.txt", "A weak and feeble alliance.\n\nCommentators say the bloc is weak. Nobody fears it.",
     (WEST,), (WEAK,)),
    ("EN_UA_3.txt", "Nuclear warning.\n\nOfficials warned that nuclear weapons could be used. "
     "A nuclear strike would end everything.", (FEARS,), (NUKES,)),
    ("EN_UA_4.txt", "The atomic threat grows.\n\nExperts fear nuclear escalation. Nuclear arsenals are on alert.",
     (FEARS,), (NUKES,)),
    ("EN_UA_5.txt", "Grain exports resume.\n\nShips left the port on Monday carrying wheat. Prices fell.",
     ("Other",), ("Other",)),
    ("EN_CC_1.txt", "Activists glue themselves to a painting.\n\nThe hysterical activists shout about doom. "
     "Their alarmist slogans frighten children.", (ALARM_N,), (ALARM,)),
    ("EN_CC_2.txt", "Alarmist activists again.\n\nThe activists claim doom is near. Alarmist nonsense, critics say.",
     (ALARM_N,), (ALARM,)),
    ("EN_CC_3.txt", "A new solar farm opens.\n\nThe farm will power homes in the valley. Engineers built it in a year.",
     ("Other",), ("Other",)),
]


def mini_corpus() -> Corpus:
    """The invented articles, their sentence vectors pooled from the fake encoder (as training does)."""
    encoder = FakeTokenEncoder(dim=32)
    vectors = [sentence_features(t, encoder.encode(t))[1] for _, t, _, _ in ARTICLES]
    gold = [Annotation(f, n, s) for f, _, n, s in ARTICLES]
    domains = ["URW" if "_UA_" in f else "CC" for f, _, _, _ in ARTICLES]
    return Corpus([a[0] for a in ARTICLES], [a[1] for a in ARTICLES], vectors, gold, domains)


def mini_model(thresholds: Thresholds | None = None) -> NarrativeModel:
    """A model fitted on the invented articles (weak regularisation: it should fit them)."""
    corpus = mini_corpus()
    taxonomy = Taxonomy.from_labels(label for g in corpus.gold for label in (*g.narratives, *g.subnarratives))
    config = TrainConfig(l2=1e-3, iterations=300, min_df=1)
    return fit_model(corpus, taxonomy, config, thresholds or Thresholds(0.5, 0.5, other_margin=0.0))


#: Invented Russian articles for the words-only models (languages the encoder cannot read).
RU_ARTICLES = [
    ("RU-URW-1.txt", "Запад слаб.\n\nАльянс слаб и расколот, сказал министр. Его саммиты ничего не решают.",
     (WEST,), (WEAK,)),
    ("RU-URW-2.txt", "Слабый альянс.\n\nКомментаторы считают, что блок слаб и расколот. Его никто не боится.",
     (WEST,), (WEAK,)),
    ("RU-URW-3.txt", "Ядерная угроза.\n\nЧиновники предупредили о ядерном ударе. Ядерный удар уничтожит всё.",
     (FEARS,), (NUKES,)),
    ("RU-URW-4.txt", "Угроза растёт.\n\nЭксперты боятся ядерной эскалации. Ядерный удар возможен.",
     (FEARS,), (NUKES,)),
    ("RU-5.txt", "Зерно отправлено.\n\nСуда покинули порт в понедельник с пшеницей. Цены упали.",
     ("Other",), ("Other",)),
]


def mini_words_model(thresholds: Thresholds | None = None) -> NarrativeModel:
    """A words-only model (no sentence vectors, words of any script) fitted on the Russian articles."""
    texts = [a[1] for a in RU_ARTICLES]
    corpus = Corpus(
        [a[0] for a in RU_ARTICLES], texts, [np.zeros((len(sentence_spans(t)), 0), np.float32) for t in texts],
        [Annotation(f, n, s) for f, _, n, s in RU_ARTICLES], ["URW"] * len(RU_ARTICLES),
    )
    taxonomy = Taxonomy.from_labels(label for g in corpus.gold for label in (*g.narratives, *g.subnarratives))
    config = TrainConfig(l2=1e-3, iterations=300, min_df=1, encoder=False, words="unicode", tfidf_weight=1.0)
    return fit_model(corpus, taxonomy, config, thresholds or Thresholds(0.5, 0.5, other_margin=0.0))
