// Go's time.ParseDuration syntax: "0", or signed numbers with a fraction and a unit each ("1h30m", "0.5s").
const GO_DURATION = /^[-+]?(?:0|(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/;

/** Whether `text` parses as a Go duration of zero; a text Go would refuse is not (the program would not start). */
export function isZeroGoDuration(text: string): boolean {
  return GO_DURATION.test(text) && !/[1-9]/.test(text);
}
