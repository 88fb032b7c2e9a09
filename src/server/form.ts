/**
 * A JSON description of the config schema (generated from the zod schema, not hand-copied), from which the
 * dashboard builds its parameter form: one field per leaf key with its type, default, bounds and choices.
 */
import type { ZodTypeAny } from 'zod';
import { configSchema } from '../config/schema';

/** One form field. */
export interface FormField {
  /** Dotted key path, e.g. `training.max_iterations`. */
  key: string;
  /** Section (first key segment). */
  section: string;
  type: 'integer' | 'number' | 'boolean' | 'string' | 'date' | 'enum' | 'number[]' | 'string[]' | 'json';
  /** Default value (undefined for optional keys without one). */
  default?: unknown;
  /** Choices of an enum. */
  options?: string[];
  /** Numeric bounds (`exclusive` flags when strict). */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** False for optional keys. */
  required: boolean;
}

interface ZDef {
  typeName: string;
  innerType?: ZodTypeAny;
  defaultValue?: () => unknown;
  checks?: Array<{ kind: string; value?: number; inclusive?: boolean; message?: string; regex?: RegExp }>;
  values?: string[];
  type?: ZodTypeAny;
  shape?: () => Record<string, ZodTypeAny>;
}

const def = (t: ZodTypeAny): ZDef => (t as unknown as { _def: ZDef })._def;

function unwrap(t: ZodTypeAny): { inner: ZodTypeAny; dflt?: unknown; optional: boolean } {
  let cur = t;
  let dflt: unknown;
  let optional = false;
  for (;;) {
    const d = def(cur);
    if (d.typeName === 'ZodDefault' && d.innerType) {
      dflt = d.defaultValue?.();
      cur = d.innerType;
    } else if (d.typeName === 'ZodEffects' && (d as { schema?: ZodTypeAny }).schema) {
      cur = (d as { schema?: ZodTypeAny }).schema as ZodTypeAny;
    } else if (d.typeName === 'ZodOptional' && d.innerType) {
      optional = true;
      cur = d.innerType;
    } else return { inner: cur, dflt, optional };
  }
}

function leaf(key: string, t: ZodTypeAny): FormField {
  const { inner, dflt, optional } = unwrap(t);
  const d = def(inner);
  const f: FormField = { key, section: key.split('.')[0], type: 'json', required: !optional };
  if (dflt !== undefined) f.default = dflt;
  if (d.typeName === 'ZodNumber') {
    f.type = d.checks?.some((c) => c.kind === 'int') ? 'integer' : 'number';
    for (const c of d.checks ?? []) {
      if (c.kind === 'min') [f.min, f.minExclusive] = [c.value, c.inclusive === false];
      if (c.kind === 'max') [f.max, f.maxExclusive] = [c.value, c.inclusive === false];
    }
  } else if (d.typeName === 'ZodBoolean') f.type = 'boolean';
  else if (d.typeName === 'ZodEnum') [f.type, f.options] = ['enum', d.values ?? []];
  else if (d.typeName === 'ZodString') f.type = d.checks?.some((c) => c.kind === 'regex' && /date/i.test(c.message ?? '')) ? 'date' : 'string';
  else if (d.typeName === 'ZodArray' && d.type) f.type = def(d.type).typeName === 'ZodNumber' ? 'number[]' : 'string[]';
  return f;
}

/**
 * Describes every leaf key of the config schema, in schema order.
 * @returns fields with key path, type, default, bounds and enum choices (records such as `models.params`
 *   are `json` fields)
 */
export function describeConfigSchema(): FormField[] {
  const fields: FormField[] = [];
  const shape = configSchema.shape as Record<string, ZodTypeAny>;
  for (const section of Object.keys(shape)) {
    const obj = unwrap(shape[section]).inner;
    const inner = def(obj).shape?.() ?? {};
    for (const k of Object.keys(inner)) fields.push(leaf(`${section}.${k}`, inner[k]));
  }
  return fields;
}
