/**
 * A small zod (v3) → JSON Schema (OpenAPI 3.1 dialect) conversion for the types the API's schemas use: objects,
 * strings, numbers (int, min, max), booleans, enums, literals, arrays, records, unions, nullable, optional,
 * default and refinements (documented by their inner type). Anything else becomes `{}` (any value).
 */
import type { ZodTypeAny } from "zod";

export type JsonSchema = Record<string, unknown>;

type Def = { typeName: string; description?: string } & Record<string, unknown>;

const OVERRIDES = new WeakMap<ZodTypeAny, JsonSchema>();

/** Declares the JSON Schema of a zod type the conversion cannot see through (e.g. `z.instanceof`). */
export function withJsonSchema<T extends ZodTypeAny>(t: T, schema: JsonSchema): T {
  OVERRIDES.set(t, schema);
  return t;
}

/** True when a field of an object may be left out (optional or with a default). */
export function isOptional(t: ZodTypeAny): boolean {
  const name = (t._def as Def).typeName;
  if (name === "ZodOptional" || name === "ZodDefault") return true;
  if (name === "ZodEffects") return isOptional((t._def as { schema: ZodTypeAny }).schema);
  return false;
}

/** Returns the JSON Schema of a zod type. */
export function zodToJsonSchema(t: ZodTypeAny): JsonSchema {
  const override = OVERRIDES.get(t);
  if (override !== undefined) return { ...override };
  const def = t._def as Def;
  const out = convert(t, def);
  if (def.description !== undefined && out.description === undefined) out.description = def.description;
  return out;
}

function convert(t: ZodTypeAny, def: Def): JsonSchema {
  switch (def.typeName) {
    case "ZodString": {
      const s: JsonSchema = { type: "string" };
      for (const c of (def.checks as { kind: string; value?: number; regex?: RegExp }[]) ?? []) {
        if (c.kind === "min") s.minLength = c.value;
        if (c.kind === "max") s.maxLength = c.value;
        if (c.kind === "regex") s.pattern = c.regex?.source;
        if (c.kind === "uuid") s.format = "uuid";
      }
      return s;
    }
    case "ZodNumber": {
      const s: JsonSchema = { type: "number" };
      for (const c of (def.checks as { kind: string; value?: number; inclusive?: boolean }[]) ?? []) {
        if (c.kind === "int") s.type = "integer";
        if (c.kind === "min") s[c.inclusive ? "minimum" : "exclusiveMinimum"] = c.value;
        if (c.kind === "max") s[c.inclusive ? "maximum" : "exclusiveMaximum"] = c.value;
      }
      return s;
    }
    case "ZodBoolean":
      return { type: "boolean" };
    case "ZodNull":
      return { type: "null" };
    case "ZodLiteral":
      return { const: def.value };
    case "ZodEnum":
      return { type: "string", enum: [...(def.values as string[])] };
    case "ZodArray": {
      const s: JsonSchema = { type: "array", items: zodToJsonSchema(def.type as ZodTypeAny) };
      if (def.minLength) s.minItems = (def.minLength as { value: number }).value;
      if (def.maxLength) s.maxItems = (def.maxLength as { value: number }).value;
      return s;
    }
    case "ZodRecord":
      return { type: "object", additionalProperties: zodToJsonSchema(def.valueType as ZodTypeAny) };
    case "ZodObject": {
      const shape = (t as unknown as { shape: Record<string, ZodTypeAny> }).shape;
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const [k, v] of Object.entries(shape)) {
        properties[k] = zodToJsonSchema(v);
        if (!isOptional(v)) required.push(k);
      }
      const s: JsonSchema = { type: "object", properties };
      if (required.length > 0) s.required = required;
      const unknownKeys = def.unknownKeys as string;
      if (unknownKeys === "strict") s.additionalProperties = false;
      return s;
    }
    case "ZodUnion":
      return { anyOf: (def.options as ZodTypeAny[]).map(zodToJsonSchema) };
    case "ZodDiscriminatedUnion":
      return {
        oneOf: [...(def.options as ZodTypeAny[])].map(zodToJsonSchema),
        discriminator: { propertyName: def.discriminator as string },
      };
    case "ZodNullable": {
      const inner = zodToJsonSchema(def.innerType as ZodTypeAny);
      return { anyOf: [inner, { type: "null" }] };
    }
    case "ZodOptional":
      return zodToJsonSchema(def.innerType as ZodTypeAny);
    case "ZodDefault": {
      const inner = zodToJsonSchema(def.innerType as ZodTypeAny);
      return { ...inner, default: (def.defaultValue as () => unknown)() };
    }
    case "ZodEffects":
      return zodToJsonSchema(def.schema as ZodTypeAny);
    case "ZodPipeline":
      return zodToJsonSchema(def.in as ZodTypeAny);
    default:
      return {};
  }
}
