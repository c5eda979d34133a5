import type { EventChannel, RequestChannel } from '../../shared/contract/channels';
import { fail, type ApiResult } from '../../shared/contract/result';
import type { EventOf, ResponseOf, ValidRequestOf } from '../../shared/contract/schemas';
import { shapeEvent, shapeResponse, validateRequest } from '../../shared/contract/validate';
import type { Logger } from '../services/logger';

/** One handler per request channel; the compiler refuses a missing or extra one. */
export type ApiHandlers = {
  [C in RequestChannel]: (request: ValidRequestOf<C>) => Promise<ApiResult<ResponseOf<C>>>;
};

export type EventSink = <E extends EventChannel>(event: E, payload: EventOf<E>) => void;

/**
 * The transport-independent side of the API: every request from IPC or the bridge goes through
 * `dispatch`, which validates it, calls the owning service, and shapes the answer. Nothing that
 * fails validation reaches a service.
 */
export class ApiHost {
  private readonly sinks = new Set<EventSink>();

  constructor(
    private readonly handlers: ApiHandlers,
    private readonly log: Logger,
  ) {}

  async dispatch(channel: unknown, payload: unknown): Promise<ApiResult<unknown>> {
    const valid = validateRequest(channel, payload);
    if (!valid.ok) {
      this.log.warn('api', 'request refused', { code: valid.error.code, reason: valid.error.message });
      return valid;
    }
    const { channel: name } = valid.value;
    try {
      const handler = this.handlers[name] as (request: unknown) => Promise<ApiResult<unknown>>;
      const result = await handler(valid.value.payload);
      return result.ok ? shapeResponse(name, result.value) : result;
    } catch (error) {
      this.log.error('api', 'handler failed', { channel: name, error: error instanceof Error ? error.name : 'unknown' });
      return fail('internal', `${name} failed`);
    }
  }

  /** Adds a transport that pushes events to its renderer(s); returns the remover. */
  addEventSink(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  emit<E extends EventChannel>(event: E, payload: EventOf<E>): void {
    const shaped = shapeEvent(event, payload);
    if (!shaped.ok) {
      this.log.error('api', 'event dropped', { event, reason: shaped.error.message });
      return;
    }
    for (const sink of this.sinks) sink(event, shaped.value);
  }
}
