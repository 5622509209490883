import { builder } from "./builder.js";
import "./types/inbox-event.js";
import "./types/dead-letter.js";
import "./types/queue-health.js";
import "./types/order.js";
import "./types/secret.js";

export const schema = builder.toSchema({ sortSchema: true });
