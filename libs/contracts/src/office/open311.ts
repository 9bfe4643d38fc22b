import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { rpcSubject } from '../common/rpc';

/**
 * Open311 GeoReport v2 (and FixMyStreet's `servicerequestupdates`) answered by the office: a
 * service is a category, a request an incident. The office reads the client's parameters and
 * answers in the spec's field names; the gateway keeps only the wire (paths, keys, form/JSON/XML,
 * the error document). Every field here is a contract with the platforms that read it.
 */

/** The caller of keyless Open311 reads: the office masks contacts written into free text for it. */
export const OPEN311_PUBLIC_READER_ID = '00000000-0000-0000-0000-000000000311';

/** Which status vocabulary an answer speaks: GeoReport's open/closed, or FixMyStreet's extended statuses. */
export type Open311Vocabulary = 'plain' | 'extended';
const VOCABULARIES: Open311Vocabulary[] = ['plain', 'extended'];

export type Open311PlainStatus = 'open' | 'closed';
export type Open311ExtendedStatus =
  | 'open'
  | 'investigating'
  | 'action_scheduled'
  | 'in_progress'
  | 'fixed'
  | 'not_councils_responsibility'
  | 'no_further_action'
  | 'duplicate'
  | 'internal_referral';

/** `services`: one per category. */
export interface Open311ServiceDoc {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime' | 'batch' | 'blackbox';
  keywords: string;
  group: string;
}

/** `requests`: an incident as a client shows it (public fields only). */
export interface Open311RequestDoc {
  service_request_id: string;
  status: Open311PlainStatus | Open311ExtendedStatus;
  status_notes: string;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string;
  service_notice: string;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

/** `servicerequestupdates`: one public update of a request's history. */
export interface Open311UpdateDoc {
  update_id: string;
  service_request_id: string;
  status: Open311PlainStatus | Open311ExtendedStatus;
  updated_datetime: string;
  description: string;
  media_url: string;
  external_status_code: string;
}

/** The client's parameters as sent (query or form fields as parsed): the office checks them in the spec's words (400 naming the field). */
export class Open311Params {
  @IsObject()
  params: Record<string, unknown>;
}

/** `office.open311.services`: the service list (the office's categories). */
export namespace Open311Services {
  export const subject = rpcSubject<Request, Reply>('office.open311.services');
  export class Request {}
  export interface Reply {
    items: Open311ServiceDoc[];
  }
}

/** `office.open311.definition`: `services/{code}`, the attributes a reporter is asked beyond the standard fields (404 for an unknown code). */
export namespace Open311Definition {
  export const subject = rpcSubject<Request, Reply>('office.open311.definition');
  export class Request {
    @IsString()
    code: string;
  }
  export interface Reply {
    service_code: string;
    attributes: unknown[];
  }
}

/**
 * `office.open311.find`: `GET requests` with its filters (service_request_id, service_code,
 * start_date, end_date, status, jurisdiction_id, page_size, page), newest first, in the spec's window.
 */
export namespace Open311Find {
  export const subject = rpcSubject<Request, Reply>('office.open311.find');
  export class Request extends Open311Params {
    @IsIn(VOCABULARIES)
    vocabulary: Open311Vocabulary;
  }
  export interface Reply {
    items: Open311RequestDoc[];
  }
}

/** `office.open311.get`: `requests/{id}` and `tokens/{id}`: every id asked, or 404 naming the first missing one. */
export namespace Open311Get {
  export const subject = rpcSubject<Request, Reply>('office.open311.get');
  export class Request {
    @IsArray()
    @ArrayMaxSize(100)
    @IsString({ each: true })
    ids: string[];

    @IsIn(VOCABULARIES)
    vocabulary: Open311Vocabulary;
  }
  export interface Reply {
    items: Open311RequestDoc[];
  }
}

/**
 * `office.open311.updates`: one page of `servicerequestupdates` (start_date, end_date,
 * service_request_id, jurisdiction_id), oldest first. `nextCursor` holds the window, so every
 * page of one answer reads the same one.
 */
export namespace Open311Updates {
  export const subject = rpcSubject<Request, Reply>('office.open311.updates');
  export class Request extends Open311Params {
    @IsIn(VOCABULARIES)
    vocabulary: Open311Vocabulary;

    @IsOptional()
    @IsString()
    @MaxLength(600)
    cursor?: string;
  }
  export interface Reply {
    items: Open311UpdateDoc[];
    nextCursor: string | null;
  }
}

/**
 * `office.open311.create`: `POST requests` (the form's fields) filed as an incident of source
 * `open311`. A client reference (the Idempotency-Key header, or FixMyStreet's
 * `attribute[fixmystreet_id]`) makes it idempotent per client: `existing` answers the first one.
 */
export namespace Open311Create {
  export const subject = rpcSubject<Request, Reply>('office.open311.create');
  export class Request extends Open311Params {
    @IsOptional()
    @IsString()
    @MaxLength(200)
    idempotencyKey?: string;
  }
  export interface Reply {
    rows: { service_request_id: string; service_notice: string; account_id: string | null }[];
    existing: boolean;
  }
}

/** `office.open311.comment`: `POST servicerequestupdates`, a resident's comment (OPEN/REOPEN on a closed case asks to reopen it). */
export namespace Open311Comment {
  export const subject = rpcSubject<Request, Reply>('office.open311.comment');
  export class Request extends Open311Params {}
  export interface Reply {
    rows: { update_id: string }[];
  }
}
