export interface Account {
  code: string;
  name: string;
  type: "asset" | "liability" | "equity" | "revenue" | "expense";
}

/** A small chart covering what order-to-cash and payout reconciliation post to. */
export const defaultChartOfAccounts: readonly Account[] = [
  { code: "1000", name: "Bank - operating account", type: "asset" },
  { code: "1010", name: "Bank clearing (payouts in transit)", type: "asset" },
  { code: "1050", name: "Stripe balance", type: "asset" },
  { code: "1060", name: "Stripe payouts in transit", type: "asset" },
  { code: "1100", name: "Accounts receivable", type: "asset" },
  { code: "2200", name: "Sales tax payable", type: "liability" },
  { code: "4000", name: "Sales revenue", type: "revenue" },
  { code: "4100", name: "Shipping revenue", type: "revenue" },
  { code: "4900", name: "Sales refunds and returns", type: "revenue" },
  { code: "6100", name: "Payment processing fees", type: "expense" },
  { code: "6200", name: "Dispute losses and fees", type: "expense" },
  { code: "6210", name: "Dispute fees", type: "expense" },
  { code: "6900", name: "Other payment adjustments", type: "expense" },
  { code: "7100", name: "Foreign exchange gains and losses", type: "expense" },
  { code: "9999", name: "Suspense (unmatched items)", type: "asset" },
];
