/** How a fraud decision scored against the labels: a fraud is "caught" when it was flagged (review or high). */
export interface FraudMetrics {
  orders: number;
  precision: number;
  recall: number;
  /** Share of all orders flagged: the reviewers' load plus the cancellations. */
  reviewRate: number;
  /** Share of good orders flagged. */
  falsePositiveRate: number;
}

export function fraudMetrics(outcomes: ReadonlyArray<{ flagged: boolean; fraud: boolean }>): FraudMetrics {
  let truePositives = 0;
  let falsePositives = 0;
  let frauds = 0;
  for (const { flagged, fraud } of outcomes) {
    if (fraud) frauds++;
    if (flagged && fraud) truePositives++;
    if (flagged && !fraud) falsePositives++;
  }
  const flagged = truePositives + falsePositives;
  const goods = outcomes.length - frauds;
  return {
    orders: outcomes.length,
    precision: ratio(truePositives, flagged),
    recall: ratio(truePositives, frauds),
    reviewRate: ratio(flagged, outcomes.length),
    falsePositiveRate: ratio(falsePositives, goods),
  };
}

/** Area under the ROC curve: the chance a random fraud scores above a random good order (ties count half). */
export function areaUnderCurve(scored: ReadonlyArray<{ p: number; fraud: boolean }>): number {
  const sorted = [...scored].sort((a, b) => a.p - b.p);
  let rankSumOfFrauds = 0;
  let frauds = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.p === sorted[i]!.p) j++;
    const meanRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++)
      if (sorted[k]!.fraud) {
        rankSumOfFrauds += meanRank;
        frauds++;
      }
    i = j;
  }
  const goods = sorted.length - frauds;
  if (frauds === 0 || goods === 0) return 0;
  return (rankSumOfFrauds - (frauds * (frauds + 1)) / 2) / (frauds * goods);
}

const ratio = (n: number, d: number) => (d === 0 ? 0 : n / d);

export const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
