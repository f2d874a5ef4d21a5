/** Kubernetes resource quantities (apimachinery resource.Quantity) as plain numbers. */

const SUFFIXES: Readonly<Record<string, number>> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** The quantity's value in base units; undefined when it is not a quantity. */
export function parseQuantity(text: string | number): number | undefined {
  if (typeof text === 'number') return text;
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * SUFFIXES[match[2] ?? ''];
}

/** CPU in millicores, rounded up as the API server does for sub-milli values. */
export function cpuMillis(text: string | number): number | undefined {
  const cores = parseQuantity(text);
  return cores === undefined ? undefined : Math.ceil(Math.round(cores * 1e6) / 1e3);
}

export function bytes(text: string | number): number | undefined {
  const value = parseQuantity(text);
  return value === undefined ? undefined : Math.ceil(value);
}
