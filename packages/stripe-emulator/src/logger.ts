/** The subset of a pino logger the emulator uses. */
export interface EmulatorLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export const silentLogger: EmulatorLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
