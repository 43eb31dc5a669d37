import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { AppEventName, AppEvents } from './app-events';

/** Emits the application's in-process events, typed by the event map. */
@Injectable()
export class EventBus {
  constructor(private readonly emitter: EventEmitter2) {}

  emit<K extends AppEventName>(name: K, payload: AppEvents[K]): void {
    this.emitter.emit(name, payload);
  }

  /** Emits and waits for the listeners registered with `on` (a listener's failure rejects). */
  async emitAsync<K extends AppEventName>(name: K, payload: AppEvents[K]): Promise<void> {
    await this.emitter.emitAsync(name, payload);
  }

  /** Listens to one event (for listeners registered from a table; otherwise use `@OnAppEvent`). */
  on<K extends AppEventName>(name: K, listener: (payload: AppEvents[K]) => unknown): void {
    this.emitter.on(name, listener);
  }
}

/** Marks a method as a listener of one event; its parameter must be that event's payload. */
export function OnAppEvent<K extends AppEventName>(name: K) {
  return <T extends (payload: AppEvents[K]) => unknown>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): void => {
    OnEvent(name)(target, key, descriptor);
  };
}
