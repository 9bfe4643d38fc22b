/** A NATS user's subject permissions (nats-server `permissions { publish, subscribe }`). */
export interface NatsPermissions {
  publish: { allow: string[]; deny?: string[] };
  subscribe: { allow: string[]; deny?: string[] };
}
