/**
 * Label cleaning (issue 9): `findLabelIssues` on n = 1,000,000 rows and K = 10 classes (default
 * filter) against the real cleanlab 2.9.0 on the same data in the same run (a Python subprocess
 * reading the same raw float64 file, `n_jobs=1`), and classifier training throughput.
 *
 *   LABEL_CLEANING_BENCH_N=100000 LABEL_CLEANING_BENCH_DOCS=5000 node src/main.ts label-cleaning
 */
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Classifier, findLabelIssues, HashedTfidf, Matrix, Prng } from "@strata/label-cleaning"
import { ensurePythonEnv } from "@strata/testkit"

/** Rows of the findLabelIssues problem (the issue's size). */
const ROWS = Number(process.env["LABEL_CLEANING_BENCH_N"] ?? 1_000_000)
/** Classes of the findLabelIssues problem. */
const CLASSES = 10
/** Documents for the classifier throughput figure. */
const DOCUMENTS = Number(process.env["LABEL_CLEANING_BENCH_DOCS"] ?? 20_000)
/** Words per generated document. */
const WORDS_PER_DOCUMENT = 60
/** Fraction of flipped labels in the generated problem. */
const NOISE = 0.1

const PYTHON_TIMER = `
import sys, time, numpy as np
from cleanlab.filter import find_label_issues
n, k = int(sys.argv[3]), int(sys.argv[4])
labels = np.fromfile(sys.argv[1], dtype=np.int64)
probs = np.fromfile(sys.argv[2], dtype=np.float64).reshape(n, k)
start = time.perf_counter()
mask = find_label_issues(labels, probs, n_jobs=1)
print(time.perf_counter() - start, int(mask.sum()))
`

const problem = (): { labels: Int32Array; probs: Matrix.Matrix } => {
  const rng = Prng.make(9)
  const labels = new Int32Array(ROWS)
  const data = new Float64Array(ROWS * CLASSES)
  for (let i = 0; i < ROWS; i++) {
    const truth = rng.int(CLASSES)
    labels[i] = rng.next() < NOISE ? rng.int(CLASSES) : truth
    let sum = 0
    for (let k = 0; k < CLASSES; k++) {
      const v = Math.exp(2 * rng.next() + (k === truth ? 2.5 * rng.next() : 0))
      data[i * CLASSES + k] = v
      sum += v
    }
    for (let k = 0; k < CLASSES; k++) data[i * CLASSES + k] = (data[i * CLASSES + k] as number) / sum
  }
  return { labels, probs: Matrix.make(ROWS, CLASSES, data) }
}

const seconds = (fn: () => void): number => {
  const start = performance.now()
  fn()
  return (performance.now() - start) / 1000
}

const benchFindLabelIssues = (): void => {
  const { labels, probs } = problem()
  let flagged = 0
  const ours = Math.min(...[0, 1].map(() => seconds(() => (flagged = findLabelIssues(labels, probs).indices.length))))
  const dir = mkdtempSync(join(tmpdir(), "label-cleaning-bench-"))
  try {
    const labelFile = join(dir, "labels.i64")
    const probFile = join(dir, "probs.f64")
    writeFileSync(labelFile, new BigInt64Array(Array.from(labels, (l) => BigInt(l))))
    writeFileSync(probFile, probs.data)
    const [theirs, theirFlagged] = execFileSync(ensurePythonEnv("python"), ["-c", PYTHON_TIMER, labelFile, probFile, String(ROWS), String(CLASSES)], {
      encoding: "utf8"
    })
      .trim()
      .split(" ")
      .map(Number) as [number, number]
    console.log(`findLabelIssues n=${ROWS} K=${CLASSES}: ${ours.toFixed(3)} s (target <= cleanlab), cleanlab 2.9.0 n_jobs=1: ${theirs.toFixed(3)} s, speed-up x${(theirs / ours).toFixed(2)}`)
    console.log(`  flagged rows: ours ${flagged}, cleanlab ${theirFlagged} (${flagged === theirFlagged ? "equal" : "DIFFERENT"})`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const benchClassifier = (): void => {
  const rng = Prng.make(5)
  const vocabulary = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`)
  const labels = new Int32Array(DOCUMENTS)
  const texts = Array.from({ length: DOCUMENTS }, (_, d) => {
    const topic = rng.int(CLASSES)
    labels[d] = topic
    return Array.from({ length: WORDS_PER_DOCUMENT }, () => vocabulary[rng.next() < 0.3 ? topic * 100 + rng.int(100) : rng.int(vocabulary.length)]).join(" ")
  })
  let counts = HashedTfidf.countMatrix([])
  const featurize = seconds(() => (counts = HashedTfidf.countMatrix(texts)))
  let features = counts
  const tfidf = seconds(() => (features = HashedTfidf.transform(counts, HashedTfidf.fitIdf(counts))))
  const nb = seconds(() => Classifier.train({ kind: "naive_bayes" }, features, labels, CLASSES))
  const lr = seconds(() => Classifier.train({ kind: "logistic_regression", epochs: 5 }, features, labels, CLASSES))
  const perSecond = (s: number) => Math.round(DOCUMENTS / s).toLocaleString("en-US")
  console.log(`classifier training, ${DOCUMENTS} docs x ${WORDS_PER_DOCUMENT} words, K=${CLASSES} (no target set):`)
  console.log(`  hashing + counting: ${perSecond(featurize)} docs/s; TF-IDF: ${perSecond(tfidf)} docs/s`)
  console.log(`  naive Bayes fit: ${perSecond(nb)} docs/s; logistic regression fit (5 epochs): ${perSecond(lr)} docs/s`)
}

export default async function (): Promise<void> {
  benchFindLabelIssues()
  benchClassifier()
}
