/** Libraries never print: the shipping side reports through this, and the CLI decides what reaches the terminal. */
export interface ShipLogger {
  warn(message: string): void;
  info(message: string): void;
}

export const silentLogger: ShipLogger = { warn: () => {}, info: () => {} };
