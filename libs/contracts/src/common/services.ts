/** The services of the suite (the gateway apart), by app name (one NATS queue group and one DB schema each). */
export const SERVICES = [
  'office',
  'grid-registry',
  'petitions',
  'enforcement',
  'social-services',
  'appraisal',
  'federation',
  'identity',
] as const;
export type ServiceName = (typeof SERVICES)[number];
export type AppName = ServiceName | 'gateway';

/** NATS subject prefix of each service (`<service>.<aggregate>.<verb>`). */
export const SUBJECT_PREFIX: Record<ServiceName, string> = {
  office: 'office',
  'grid-registry': 'registry',
  petitions: 'petitions',
  enforcement: 'enforcement',
  'social-services': 'social',
  appraisal: 'appraisal',
  federation: 'federation',
  identity: 'identity',
};

/** Postgres schema owned by each app: a service's is named as its subject prefix. */
export const SCHEMA: Record<AppName, string> = { gateway: 'gateway', ...SUBJECT_PREFIX };
