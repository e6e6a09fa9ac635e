// MXNet's warnings.warn(...) as console.warn. Python's default warning filter shows a given
// message from a given call site once per process; every gluon warning has one call site, so a
// message already shown is not repeated (e.g. a second net.initialize() stays quiet).
const shown = new Set<string>();

export function warn(message: string): void {
  if (shown.has(message)) return;
  shown.add(message);
  console.warn(message);
}
