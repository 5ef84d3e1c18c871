"""Benchmark: Pactum's detector against Microsoft Presidio on a labelled synthetic corpus.

Scores per type (precision, recall, F1) with overlap matching (primary: a finding counts when it
overlaps a labelled span of the same type) and exact matching (same type, same offsets), and
throughput in MB/s (UTF-8 bytes, one process). Presidio runs when `presidio_analyzer` imports,
offline, with a blank spaCy pipeline (no NER model can be downloaded here), on a slice of the
corpus because it is slow; Pactum is scored and timed on the same slice for the side-by-side
table, the two taking turns (50 documents at a time) so that both meet the same machine load.

    .venv/bin/python bench/detection.py [--size 5000000] [--presidio-size 250000] [--repeat 3]
        [--markdown]
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.detection_corpus import Document, Label, generate_corpus
from pactum.detection import Detector, FindingType, scan_segments

TYPES = [t.value for t in FindingType]
# Presidio's entity names for ours. LOCATION comes from its NER only (none here). DATE_TIME is a
# date of any kind, not a date of birth: mapped only with --presidio-dates (see docs).
PRESIDIO_TYPES = {
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "URL": "URL",
    "PERSON": "PERSON",
    "LOCATION": "ADDRESS",
}
PRESIDIO_THRESHOLDS = (0.0, 0.3, 0.5)
Predict = Callable[[str], list[tuple[str, int, int, float]]]


@dataclass
class Scores:
    gold: Counter[str]
    predicted: Counter[str]
    hit_gold: Counter[str]  # overlap: labelled spans found
    hit_predicted: Counter[str]  # overlap: findings that match a label
    exact: Counter[str]

    def row(self, kind: str, *, exact: bool = False) -> tuple[float, float, float]:
        found = self.exact[kind] if exact else self.hit_predicted[kind]
        recalled = self.exact[kind] if exact else self.hit_gold[kind]
        precision = found / self.predicted[kind] if self.predicted[kind] else 0.0
        recall = recalled / self.gold[kind] if self.gold[kind] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def _inside_url(span: Label, gold: Sequence[Label]) -> bool:
    return any(k == "URL" and s <= span[1] and span[2] <= e for k, s, e in gold)


def score(documents: Sequence[Document], predictions: Sequence[Sequence[Label]]) -> Scores:
    scores = Scores(Counter(), Counter(), Counter(), Counter(), Counter())
    for document, found in zip(documents, predictions, strict=True):
        gold = document.labels
        scores.gold.update(kind for kind, _, _ in gold)
        gold_set = set(gold)
        # An address inside a labelled URL ("...?email=anna@example.com") is part of that label:
        # neither a hit nor a false alarm, whichever detector reports it.
        predicted = [p for p in found if not (p[0] == "EMAIL" and _inside_url(p, gold))]
        scores.predicted.update(kind for kind, _, _ in predicted)
        for kind, start, end in predicted:
            if any(k == kind and s < end and start < e for k, s, e in gold):
                scores.hit_predicted[kind] += 1
            if (kind, start, end) in gold_set:
                scores.exact[kind] += 1
        for kind, start, end in gold:
            if any(k == kind and s < end and start < e for k, s, e in predicted):
                scores.hit_gold[kind] += 1
    return scores


def run(
    predict: Predict, documents: Sequence[Document]
) -> tuple[list[list[tuple[str, int, int, float]]], float, float]:
    """Predictions per document, and the wall and CPU seconds spent in `predict` alone."""
    results = []
    wall = cpu = 0.0
    for document in documents:
        text = document.text
        started_wall, started_cpu = time.perf_counter(), time.process_time()
        found = predict(text)
        wall += time.perf_counter() - started_wall
        cpu += time.process_time() - started_cpu
        results.append(found)
    return results, wall, cpu


def run_side_by_side(
    predictors: Sequence[Predict], documents: Sequence[Document], block: int = 50
) -> list[tuple[list[list[tuple[str, int, int, float]]], float, float]]:
    """`run` for several predictors taking turns, `block` documents at a time.

    On a shared machine the load changes from one second to the next; taking turns, every
    predictor meets the same load. Turns of one document each would be unfair the other way:
    each predictor would start every document with caches the other one has just filled.
    """
    results: list[list[list[tuple[str, int, int, float]]]] = [[] for _ in predictors]
    walls, cpus = [0.0] * len(predictors), [0.0] * len(predictors)
    for first in range(0, len(documents), block):
        for index, predict in enumerate(predictors):
            found, wall, cpu = run(predict, documents[first : first + block])
            results[index] += found
            walls[index] += wall
            cpus[index] += cpu
    return list(zip(results, walls, cpus, strict=True))


def pactum_predictor() -> Predict:
    detector = Detector()
    return lambda text: [(f.type.value, f.start, f.end, f.score) for f in detector.detect(text)]


def presidio_predictor(map_dates: bool) -> Predict | None:
    try:
        os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
        import spacy
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
    except ImportError:
        return None
    engine = None
    try:
        folder = tempfile.mkdtemp(prefix="pactum-blank-spacy-")
        spacy.blank("en").to_disk(folder)
        config = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": folder}]}
        nlp_engine = NlpEngineProvider(nlp_configuration=config).create_engine()
        engine = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])
    except Exception as error:  # any failure: fall back to no NLP at all
        print(
            f"presidio with a blank spaCy pipeline failed ({error}); using no_op", file=sys.stderr
        )
        config = {"nlp_engine_name": "no_op", "models": []}
        engine = AnalyzerEngine(
            nlp_engine=NlpEngineProvider(nlp_configuration=config).create_engine()
        )
    mapping = dict(PRESIDIO_TYPES, **({"DATE_TIME": "DATE_OF_BIRTH"} if map_dates else {}))

    def predict(text: str) -> list[tuple[str, int, int, float]]:
        found = engine.analyze(text=text, language="en")
        return [
            (mapping[r.entity_type], r.start, r.end, r.score)
            for r in found
            if r.entity_type in mapping
        ]

    return predict


def labels_at(
    results: Sequence[Sequence[tuple[str, int, int, float]]], threshold: float
) -> list[list[Label]]:
    return [[(k, s, e) for k, s, e, p in found if p >= threshold] for found in results]


def megabytes(documents: Sequence[Document]) -> float:
    return sum(len(d.text.encode()) for d in documents) / 1e6


WAYS = ("per document", "many documents", "streamed")
Found = list[list[tuple[str, int, int, float]]]


def scan_ways(detector: Detector, documents: Sequence[Document]) -> dict[str, Callable[[], Found]]:
    """The three ways Pactum scans text, each a call that scans the whole corpus.

    Per document: one `detect` per text (an API call). Many documents: `detect_many` over the
    texts (`pactum scan text --jsonl`, discovery). Streamed: the corpus as one text scanned in
    1 MB windows (`pactum scan text FILE`); its findings are not split back per document.
    """
    texts = [d.text for d in documents]
    joined = "\n\n".join(texts)
    chunks = [joined[i : i + 65536] for i in range(0, len(joined), 65536)]

    def as_tuples(found: list[Any]) -> Found:
        return [[(f.type.value, f.start, f.end, f.score) for f in one] for one in found]

    def streamed() -> Found:
        for _ in scan_segments(chunks, detector):
            pass
        return []

    return {
        "per document": lambda: as_tuples([detector.detect(t) for t in texts]),
        "many documents": lambda: as_tuples(detector.detect_many(texts)),
        "streamed": streamed,
    }


def throughput(
    documents: Sequence[Document], repeat: int
) -> tuple[dict[str, list[tuple[float, float]]], bool]:
    """MB/s (wall, CPU) of each way, `repeat` times taking turns (so all meet the same load), and
    whether the many-documents findings equal the per-document ones, document by document."""
    ways = scan_ways(Detector(), documents)
    size = megabytes(documents)
    rates: dict[str, list[tuple[float, float]]] = {way: [] for way in WAYS}
    found: dict[str, Found] = {}
    # The bench holds both corpora and their findings, millions of objects a `pactum` process
    # does not have; frozen, a full collection no longer walks them in the middle of a turn
    # (it did, always in the same turn, and cost it 40%).
    gc.collect()
    gc.freeze()
    for _ in range(repeat):
        for way in WAYS:
            started_wall, started_cpu = time.perf_counter(), time.process_time()
            found[way] = ways[way]()
            wall, cpu = time.perf_counter() - started_wall, time.process_time() - started_cpu
            rates[way].append((size / wall, size / cpu))
    gc.unfreeze()
    return rates, found["many documents"] == found["per document"]


Column = tuple[str, Scores, frozenset[str]]


def print_throughput(
    name: str, size: float, rates: dict[str, list[tuple[float, float]]], identical: bool
) -> None:
    print(f"Pactum on the {name}, {size:.2f} MB; MB/s, median of {len(rates[WAYS[0]])} turns:")
    for way in WAYS:
        walls = sorted(w for w, _ in rates[way])
        cpus = sorted(c for _, c in rates[way])
        print(
            f"  {way + ':':16} {walls[len(walls) // 2]:6.2f} wall, {cpus[len(cpus) // 2]:6.2f} CPU"
            f"  (CPU {' '.join(f'{c:.2f}' for _, c in rates[way])})"
        )
    print(f"  many documents' findings identical to per document: {'yes' if identical else 'NO'}")


def table(title: str, columns: Sequence[Column], markdown: bool) -> str:
    """P, R, F1 per type and column; "-" where that detector has no such type."""
    header = ["type"] + [f"{name} {m}" for name, _, _ in columns for m in ("P", "R", "F1")]
    lines = [header]
    for kind in TYPES:
        if not any(s.gold[kind] for _, s, _ in columns):
            continue
        row = [kind]
        for _, s, supported in columns:
            row += [f"{v:.3f}" for v in s.row(kind)] if kind in supported else ["-"] * 3
        lines.append(row)
    return _render(title, lines, markdown)


def _render(title: str, lines: list[list[str]], markdown: bool) -> str:
    if markdown:
        out = [f"**{title}**", "", "| " + " | ".join(lines[0]) + " |", "|" + "---|" * len(lines[0])]
        out += ["| " + " | ".join(line) + " |" for line in lines[1:]]
        return "\n".join(out)
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    out = [title] + [
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) for line in lines
    ]
    return "\n".join(out)


def machine() -> str:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{' '.join(os.uname())}\nCPU: {cpu}, {os.cpu_count()} cores; load average {load:.2f}\n"
        f"Python {platform.python_version()}; {time.strftime('%Y-%m-%d %H:%M %Z')}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5_000_000, help="corpus size in characters")
    parser.add_argument("--seed", type=int, default=20240301)
    parser.add_argument(
        "--presidio-size", type=int, default=250_000, help="characters given to Presidio"
    )
    parser.add_argument("--no-presidio", action="store_true")
    parser.add_argument(
        "--presidio-dates", action="store_true", help="count DATE_TIME as DATE_OF_BIRTH"
    )
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="timed turns of each way of scanning")
    parser.add_argument(
        "--business-share",
        type=float,
        default=0.1,
        help="share of personal-data sentences in the business-mix corpus (throughput only)",
    )
    args = parser.parse_args(argv)

    documents = generate_corpus(args.size, seed=args.seed)
    print(machine())
    print(f"labelled corpus: {describe(documents)}, seed {args.seed}\n")
    ours = pactum_predictor()
    ours("warm up: loads the name lists and compiles the patterns")
    results, _, _ = run(ours, documents)
    size = megabytes(documents)
    print_throughput("labelled corpus", size, *throughput(documents, args.repeat))
    business_size = max(args.size // 5, 200_000)
    business = generate_corpus(business_size, seed=args.seed + 1, pii_share=args.business_share)
    print_throughput(
        f"business mix ({describe(business)})",
        megabytes(business),
        *throughput(business, args.repeat),
    )
    full = score(documents, labels_at(results, 0.0))
    every = frozenset(TYPES)
    exact = Scores(full.gold, full.predicted, full.exact, full.exact, full.exact)
    columns = [("overlap", full, every), ("exact", exact, every)]
    print()
    print(table(f"Pactum, whole labelled corpus ({size:.2f} MB)", columns, args.markdown))
    if not args.no_presidio:
        compare_presidio(documents, results, args)


def describe(documents: Sequence[Document]) -> str:
    labels = sum(len(d.labels) for d in documents)
    length = sum(d.length for d in documents)
    return (
        f"{len(documents)} documents, {megabytes(documents):.2f} MB, "
        f"one labelled span per {length // max(labels, 1)} characters"
    )


def compare_presidio(documents: Sequence[Document], results: Any, args: argparse.Namespace) -> None:
    presidio = presidio_predictor(args.presidio_dates)
    if presidio is None:
        print(
            "\nPresidio is not installed (pip install presidio-analyzer spacy): comparison skipped"
        )
        return
    sample: list[Document] = []
    while len(sample) < len(documents) and sum(d.length for d in sample) < args.presidio_size:
        sample.append(documents[len(sample)])
    presidio(sample[0].text)  # warm up
    (theirs, wall, cpu), (_, our_wall, our_cpu) = run_side_by_side(
        [presidio, pactum_predictor()], sample
    )
    best = max(PRESIDIO_THRESHOLDS, key=lambda t: _micro_f1(score(sample, labels_at(theirs, t))))
    their_scores = score(sample, labels_at(theirs, best))
    our_scores = score(sample, labels_at(results[: len(sample)], 0.0))
    size = megabytes(sample)
    print(
        f"\nPresidio on the first {len(sample)} documents ({size:.2f} MB), score threshold {best}:"
    )
    print(f"Presidio per document: {size / wall:.3f} MB/s wall, {size / cpu:.3f} MB/s CPU")
    print(
        f"Pactum on the same documents: {size / our_wall:.2f} MB/s wall, {size / our_cpu:.2f} MB/s CPU"
    )
    print(
        f"throughput ratio Pactum/Presidio: {wall / our_wall:.0f}x wall, {cpu / our_cpu:.0f}x CPU\n"
    )
    theirs_supported = frozenset(PRESIDIO_TYPES.values()) | (
        {"DATE_OF_BIRTH"} if args.presidio_dates else set()
    )
    columns = [
        ("Pactum", our_scores, frozenset(TYPES)),
        ("Presidio", their_scores, theirs_supported),
    ]
    print(table("Same documents, overlap match", columns, args.markdown))


def _micro_f1(scores: Scores) -> float:
    predicted, gold = sum(scores.predicted.values()), sum(scores.gold.values())
    precision = sum(scores.hit_predicted.values()) / predicted if predicted else 0.0
    recall = sum(scores.hit_gold.values()) / gold if gold else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


if __name__ == "__main__":
    main()
