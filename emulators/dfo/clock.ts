/**
 * The emulator's time, as a dependency (token lifetimes, one-time tokens, timestamps it stamps). Standalone it is
 * the system clock; in sandbox mode the app binds it to its own clock, so a test that drives the app's clock drives
 * the emulator's too. It is the emulator's own token: the emulator imports nothing from the product.
 */
export abstract class EmulatorClock {
  abstract now(): Date;
}

export class SystemEmulatorClock extends EmulatorClock {
  now(): Date {
    return new Date();
  }
}
