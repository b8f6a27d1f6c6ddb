/** Text classifier, out-of-fold probabilities, cleanlab-compatible confident learning and outliers. Pure. */
export {}
