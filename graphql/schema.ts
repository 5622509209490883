import { checkAllArguments } from "./argument-checks.js";
import { auditMutations } from "./audit-mutations.js";
import { builder } from "./builder.js";
import "./types/inbox-event.js";
import "./types/dead-letter.js";
import "./types/dead-letter-bulk.js";
import "./types/queue-health.js";
import "./types/incident.js";
import "./types/order.js";
import "./types/refund.js";
import "./types/api-token.js";
import "./types/audit-entry.js";
import "./types/secret.js";
import "./types/disputes.js";
import "./types/mapping-fixes.js";
import "./types/risk.js";
import "./types/payout-resolutions.js";
import "./types/ledger.js";
import "./types/subscriptions.js";
import "./types/customers.js";
import "./types/customer-view.js";
import "./types/customer-drift.js";

// Every mutation is audited (audit-mutations.ts); arguments are checked before anything runs (argument-checks.ts).
export const schema = checkAllArguments(auditMutations(builder.toSchema({ sortSchema: true })));
