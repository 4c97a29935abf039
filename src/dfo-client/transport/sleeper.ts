import { Injectable } from '@nestjs/common';

/** Waiting as a dependency, so unit tests can assert backoff delays without spending wall time. */
export abstract class Sleeper {
  abstract sleep(ms: number): Promise<void>;
}

@Injectable()
export class TimerSleeper extends Sleeper {
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
