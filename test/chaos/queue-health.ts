// The sidecar's own account of what is left over (open dead letters, unfinished events), asked through its
// GraphQL API as an operator would, with the admin token a production first start leaves in DATA_DIR. The same
// question works on both backends (the embedded database is open in the sidecar's process only).
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface QueueHealth {
  openDeadLetters: number;
  unfinishedEvents: number;
}

export async function queueHealth(sidecarUrl: string, dataDir: string): Promise<QueueHealth> {
  const token = readFileSync(join(dataDir, "initial-admin-token"), "utf8").trim();
  const response = await fetch(`${sidecarUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: "{ queueHealth { openDeadLetters unfinishedEvents } }" }),
  });
  const answer = (await response.json()) as { data?: { queueHealth?: QueueHealth }; errors?: unknown };
  if (!answer.data?.queueHealth) throw new Error(`queueHealth: ${response.status} ${JSON.stringify(answer.errors)}`);
  return answer.data.queueHealth;
}
