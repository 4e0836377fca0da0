export { type DokuInstrumentation, instrumentDoku, type InstrumentDokuOptions } from "./instrument-doku";
