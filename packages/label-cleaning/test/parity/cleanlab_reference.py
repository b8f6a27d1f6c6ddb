"""Reference results from the real cleanlab for the parity test (test/Parity.test.ts).

Usage: python cleanlab_reference.py problems.json results.json

cleanlab sorts with numpy's default argsort, which is not stable (introsort, and SIMD sorts on
AVX2/AVX-512 machines), so equal scores come out in an arbitrary order. Before importing
cleanlab this script replaces ``numpy.argsort`` with a wrapper that always asks for
``kind="stable"``: ties then keep ascending index order, which is the rule the TypeScript port
implements. cleanlab calls ``np.argsort`` (module attribute) on every path the test covers, so
the wrapper reaches all of them. ``n_jobs=1`` keeps cleanlab on its single-process path, and
sklearn's own argument validation is switched off for speed (it does not change results).
"""

import hashlib
import json
import sys
import warnings

import numpy as np

_original_argsort = np.argsort


def _stable_argsort(a, axis=-1, kind=None, order=None, **kwargs):
    """numpy.argsort, always stable (ties keep ascending index order)."""
    return _original_argsort(a, axis=axis, kind="stable", order=order, **kwargs)


np.argsort = _stable_argsort

import sklearn  # noqa: E402

# Speed only: skips sklearn's argument and finiteness checks inside confusion_matrix (the inputs
# are cleanlab's own integer arrays); results are unchanged.
sklearn.set_config(skip_parameter_validation=True, assume_finite=True)

from cleanlab import count, filter as cl_filter, rank  # noqa: E402
from cleanlab.outlier import OutOfDistribution  # noqa: E402
from cleanlab.internal.neighbor.knn_graph import create_knn_graph_and_index  # noqa: E402
from cleanlab.datalab.internal.issue_manager.outlier import OutlierIssueManager  # noqa: E402

warnings.simplefilter("ignore")

_original_compute_confident_joint = count.compute_confident_joint
_joint_cache = {}


def _memoized_compute_confident_joint(labels, pred_probs, **kwargs):
    """count.compute_confident_joint, run once per distinct input (it is pure; copies are returned).

    Speed only: find_label_issues and num_label_issues recompute the same joint for every call,
    and sklearn's confusion_matrix inside it dominates the reference run.
    """
    labels_array = np.asarray(labels)
    digest = hashlib.sha1(labels_array.tobytes() + pred_probs.tobytes()).hexdigest()
    key = (digest, labels_array.dtype.str, pred_probs.shape, repr(sorted(kwargs.items(), key=lambda kv: kv[0])))
    if key not in _joint_cache:
        _joint_cache[key] = _original_compute_confident_joint(labels, pred_probs, **kwargs)
    result = _joint_cache[key]
    return tuple(np.copy(x) for x in result) if isinstance(result, tuple) else np.copy(result)


count.compute_confident_joint = _memoized_compute_confident_joint


def attempt(fn):
    """Runs fn; returns {"value": result} or {"error": exception class name}."""
    try:
        return {"value": fn()}
    except Exception as e:  # noqa: BLE001 - we report every refusal by class name
        return {"error": type(e).__name__, "message": str(e)[:200]}


def as_list(x):
    return np.asarray(x).tolist()


def label_problem(problem):
    labels = np.asarray(problem["labels"], dtype=np.int64)
    probs = np.asarray(problem["probs"], dtype=np.float64).reshape(len(labels), problem["K"])
    out = {"cases": []}
    for case in problem["cases"]:
        kwargs = {"filter_by": case["filterBy"], "n_jobs": 1}
        if "fracNoise" in case:
            kwargs["frac_noise"] = case["fracNoise"]
        if "numToRemovePerClass" in case:
            kwargs["num_to_remove_per_class"] = case["numToRemovePerClass"]
        if "minExamplesPerClass" in case:
            kwargs["min_examples_per_class"] = case["minExamplesPerClass"]
        if "rankBy" in case:
            kwargs["return_indices_ranked_by"] = case["rankBy"]
            if case.get("adjustPredProbs"):
                kwargs["rank_by_kwargs"] = {"adjust_pred_probs": True}
        result = attempt(lambda: as_list(cl_filter.find_label_issues(labels, probs, **kwargs)))
        if "value" in result and "rankBy" not in case:
            result["value"] = np.flatnonzero(result["value"]).tolist()
        out["cases"].append(result)
    out["thresholds"] = attempt(lambda: as_list(count.get_confident_thresholds(labels, probs)))
    out["joint"] = attempt(lambda: as_list(count.compute_confident_joint(labels, probs)))
    out["jointRaw"] = attempt(
        lambda: [as_list(x) for x in count.compute_confident_joint(labels, probs, calibrate=False, return_indices_of_off_diagonals=True)]
    )
    out["estimatedJoint"] = attempt(lambda: as_list(count.estimate_joint(labels, probs)))
    out["numIssues"] = {
        method: attempt(lambda: int(count.num_label_issues(labels, probs, estimation_method=method)))
        for method in ("off_diagonal", "off_diagonal_calibrated")
    }
    out["scores"] = {
        method: attempt(lambda: as_list(rank.get_label_quality_scores(labels, probs, method=method)))
        for method in ("self_confidence", "normalized_margin", "confidence_weighted_entropy")
    }
    out["scoresAdjusted"] = {
        method: attempt(lambda: as_list(rank.get_label_quality_scores(labels, probs, method=method, adjust_pred_probs=True)))
        for method in ("self_confidence", "normalized_margin")
    }
    return out


def outlier_problem(problem):
    features = np.asarray(problem["features"], dtype=np.float64).reshape(problem["n"], problem["d"])
    k = problem["k"]

    def run():
        scores = OutOfDistribution(params={"k": k}).fit_score(features=features, verbose=False)
        graph, knn = create_knn_graph_and_index(features, n_neighbors=k)
        distances = graph.data.reshape(graph.shape[0], -1)
        _, issue_threshold, is_issue = OutlierIssueManager._compute_threshold_and_issue_column_from_distances(None, distances)
        return {
            "scores": as_list(scores),
            "averageDistances": as_list(distances.mean(axis=1)),
            "issueThreshold": float(issue_threshold),
            "flagged": np.flatnonzero(is_issue).tolist(),
            "metric": knn.metric if isinstance(knn.metric, str) else knn.metric.__name__,
        }

    return attempt(run)


def main():
    with open(sys.argv[1]) as f:
        problems = json.load(f)
    results = {
        "labels": [label_problem(p) for p in problems["labels"]],
        "outliers": [outlier_problem(p) for p in problems["outliers"]],
    }
    with open(sys.argv[2], "w") as f:
        f.write(json.dumps(results))


if __name__ == "__main__":
    main()
