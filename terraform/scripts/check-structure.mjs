#!/usr/bin/env node
// Structural checks of the Terraform code that wraps AWS resources.
//
// `terraform validate` needs the AWS provider, which cannot be downloaded
// offline, so this script parses the .tf files with @cdktf/hcl2json and asserts
// how the pieces are wired: the ECS container gets its Pyroscope environment
// and secrets from the provider-free pyroscope-config module, the execution
// role's secret policy is that module's policy JSON, the service is Fargate,
// and so on. Every assertion can fail on a plausible mistake.
//
// Usage: node terraform/scripts/check-structure.mjs [terraform-dir]
// The hcl2json package is resolved from HCL2JSON_MODULE (a path to the
// installed package directory) or by normal Node resolution.

import { createRequire } from "node:module";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const hcl = require(process.env.HCL2JSON_MODULE || "@cdktf/hcl2json");

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.argv[2] || join(here, ".."));

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

/** Parses every *.tf file of a directory and merges the blocks. */
async function loadModule(dir) {
  const merged = {
    dir,
    files: [],
    terraform: [],
    provider: {},
    variable: {},
    output: {},
    locals: {},
    module: {},
    resource: {},
    data: {},
  };
  const files = readdirSync(dir).filter((f) => f.endsWith(".tf")).sort();
  if (files.length === 0) throw new Error(`no .tf files in ${dir}`);
  for (const file of files) {
    const path = join(dir, file);
    const parsed = await hcl.parse(path, readFileSync(path, "utf8"));
    merged.files.push(file);
    for (const t of parsed.terraform ?? []) merged.terraform.push(t);
    for (const l of parsed.locals ?? []) Object.assign(merged.locals, l);
    for (const kind of ["provider", "variable", "output", "module"]) {
      for (const [name, blocks] of Object.entries(parsed[kind] ?? {})) {
        merged[kind][name] = blocks[0];
      }
    }
    for (const kind of ["resource", "data"]) {
      for (const [type, byName] of Object.entries(parsed[kind] ?? {})) {
        merged[kind][type] ??= {};
        for (const [name, blocks] of Object.entries(byName)) {
          merged[kind][type][name] = blocks[0];
        }
      }
    }
  }
  return merged;
}

// ---------------------------------------------------------------------------
// Expression helpers
// ---------------------------------------------------------------------------

/** Text of an attribute: "${expr}" becomes "expr", other values JSON. */
function text(value) {
  if (typeof value === "string") {
    const m = value.match(/^\$\{([\s\S]*)\}$/);
    return m ? m[1].trim() : value;
  }
  return JSON.stringify(value);
}

/** Replaces local.NAME references with the locals' own text, recursively. */
function expandLocals(value, locals, depth = 0) {
  const raw = typeof value === "string" ? value : JSON.stringify(value);
  if (depth > 8) return raw;
  return raw.replace(/\blocal\.([A-Za-z0-9_]+)/g, (whole, name) =>
    name in locals ? `(${expandLocals(locals[name], locals, depth + 1)})` : whole,
  );
}

function hasRef(value, ref) {
  const escaped = ref.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9_.])${escaped}(?![A-Za-z0-9_])`).test(text(value));
}

function resources(mod, type) {
  return Object.entries(mod.resource[type] ?? {});
}

function requiredVariables(mod) {
  return Object.entries(mod.variable)
    .filter(([, v]) => !("default" in v))
    .map(([name]) => name);
}

// ---------------------------------------------------------------------------
// Tiny assertion runner
// ---------------------------------------------------------------------------

const results = [];
function check(description, fn) {
  let detail = null;
  try {
    const r = fn();
    if (r !== true) detail = typeof r === "string" ? r : "condition is false";
  } catch (err) {
    detail = err.message;
  }
  results.push({ description, detail });
  const n = results.length;
  console.log(detail === null ? `ok ${n} - ${description}` : `not ok ${n} - ${description}\n    ${detail}`);
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

const cfg = await loadModule(join(root, "modules/pyroscope-config"));
const ecs = await loadModule(join(root, "modules/ecs-service"));
const examples = {};
for (const name of ["staging", "production"]) {
  examples[name] = await loadModule(join(root, "examples", name));
}

// --- pyroscope-config stays provider-free -----------------------------------

check("pyroscope-config declares no required_providers and no provider blocks", () => {
  const withProviders = cfg.terraform.filter((t) => t.required_providers);
  if (withProviders.length) return `required_providers found: ${JSON.stringify(withProviders)}`;
  if (Object.keys(cfg.provider).length) return `provider blocks: ${Object.keys(cfg.provider)}`;
  return true;
});

check("pyroscope-config has no data sources and no resources besides terraform_data", () => {
  const types = Object.keys(cfg.resource).filter((t) => t !== "terraform_data");
  if (types.length) return `resources needing a provider: ${types.join(", ")}`;
  if (Object.keys(cfg.data).length) return `data sources: ${Object.keys(cfg.data).join(", ")}`;
  return true;
});

check("pyroscope-config validates labels, application_name, secret_arn and kms_key_arn", () => {
  const need = { labels: 2, application_name: 1, secret_arn: 1, kms_key_arn: 1 };
  const missing = Object.entries(need)
    .filter(([name, n]) => (cfg.variable[name]?.validation?.length ?? 0) < n)
    .map(([name, n]) => `${name} (needs ${n})`);
  return missing.length ? `missing validation: ${missing.join(", ")}` : true;
});

check("every variable in both modules has a type and a description", () => {
  const bad = [];
  for (const mod of [cfg, ecs]) {
    for (const [name, v] of Object.entries(mod.variable)) {
      if (!v.type || !v.description) bad.push(`${mod.dir.split("/").pop()}.${name}`);
    }
  }
  return bad.length ? `untyped or undocumented: ${bad.join(", ")}` : true;
});

// --- ecs-service wiring ------------------------------------------------------

check("ecs-service requires the hashicorp/aws provider and a Terraform version", () => {
  const t = ecs.terraform.find((b) => b.required_providers);
  const aws = t?.required_providers?.[0]?.aws;
  if (!aws || aws.source !== "hashicorp/aws") return "no hashicorp/aws in required_providers";
  if (!ecs.terraform.some((b) => b.required_version)) return "no required_version";
  return true;
});

const cfgCalls = Object.entries(ecs.module).filter(([, m]) => m.source === "../pyroscope-config");
const [cfgName, cfgCall] = cfgCalls[0] ?? [];
const M = `module.${cfgName}`;

check("ecs-service calls ../pyroscope-config exactly once", () =>
  cfgCalls.length === 1 || `found ${cfgCalls.length} calls`);

check("the config module call passes only declared variables and all required ones", () => {
  const passed = Object.keys(cfgCall).filter((k) => !["source", "version", "providers", "count", "for_each", "depends_on"].includes(k));
  const unknown = passed.filter((k) => !(k in cfg.variable));
  const missing = requiredVariables(cfg).filter((k) => !passed.includes(k));
  if (unknown.length) return `unknown arguments: ${unknown.join(", ")}`;
  if (missing.length) return `missing required arguments: ${missing.join(", ")}`;
  return true;
});

check("every module output referenced by ecs-service exists in pyroscope-config", () => {
  const all = JSON.stringify([ecs.locals, ecs.resource, ecs.output]);
  const refs = new Set([...all.matchAll(new RegExp(`\\bmodule\\.${cfgName}\\.([A-Za-z0-9_]+)`, "g"))].map((m) => m[1]));
  if (refs.size === 0) return "ecs-service never uses the config module's outputs";
  const unknown = [...refs].filter((r) => !(r in cfg.output));
  return unknown.length ? `undeclared outputs used: ${unknown.join(", ")}` : true;
});

const taskDefs = resources(ecs, "aws_ecs_task_definition");
const [, taskDef] = taskDefs[0] ?? [];
const containerText = taskDef ? expandLocals(taskDef.container_definitions ?? "", ecs.locals) : "";

check("one Fargate task definition in awsvpc mode", () => {
  if (taskDefs.length !== 1) return `found ${taskDefs.length} task definitions`;
  const compat = taskDef.requires_compatibilities;
  if (!Array.isArray(compat) || !compat.includes("FARGATE")) return `requires_compatibilities = ${JSON.stringify(compat)}`;
  if (taskDef.network_mode !== "awsvpc") return `network_mode = ${JSON.stringify(taskDef.network_mode)}`;
  return true;
});

// Matches `environment = ...module.X.environment...` in HCL or JSON form,
// within one attribute (no newline-separated sibling in between).
function attrReferences(haystack, attr, ref) {
  const r = ref.replace(/\./g, "\\.");
  const hclForm = new RegExp(`\\b${attr}\\s*=[^\\n]*\\b${r}\\b`);
  const jsonForm = new RegExp(`"${attr}"\\s*:\\s*"[^"]*\\b${r}\\b`);
  return hclForm.test(haystack) || jsonForm.test(haystack);
}

check(`container environment comes from ${M}.environment`, () =>
  attrReferences(containerText, "environment", `${M}.environment`) ||
  `container_definitions (expanded) has no environment = ...${M}.environment:\n    ${containerText.slice(0, 400)}`);

check(`container secrets come from ${M}.secrets`, () =>
  attrReferences(containerText, "secrets", `${M}.secrets`) ||
  `container_definitions (expanded) has no secrets = ...${M}.secrets`);

check("no PYROSCOPE_* variable is hard-coded in the container definition", () => {
  const hits = containerText.match(/PYROSCOPE_[A-Z_]+/g);
  return hits ? `hard-coded: ${[...new Set(hits)].join(", ")}` : true;
});

const logGroups = resources(ecs, "aws_cloudwatch_log_group");

check("a CloudWatch log group with a retention period exists", () => {
  if (logGroups.length !== 1) return `found ${logGroups.length} log groups`;
  return logGroups[0][1].retention_in_days !== undefined || "retention_in_days is not set";
});

check("the container logs to that group with the awslogs driver", () => {
  const lg = logGroups[0]?.[0];
  if (!/"logDriver"\s*:\s*"awslogs"|logDriver\s*=\s*"awslogs"/.test(containerText)) return "logDriver is not awslogs";
  return new RegExp(`aws_cloudwatch_log_group\\.${lg}\\.name`).test(containerText) ||
    `awslogs-group does not reference aws_cloudwatch_log_group.${lg}.name`;
});

const execRoleMatch = taskDef ? text(taskDef.execution_role_arn ?? "").match(/^aws_iam_role\.([A-Za-z0-9_]+)\.arn$/) : null;
const execRoleName = execRoleMatch?.[1];
const execRole = execRoleName ? ecs.resource.aws_iam_role?.[execRoleName] : undefined;

check("the task definition's execution role is a role created in the module", () =>
  (execRole !== undefined) || `execution_role_arn = ${JSON.stringify(taskDef?.execution_role_arn)}`);

check("the execution role can only be assumed by ecs-tasks.amazonaws.com", () => {
  const trust = expandLocals(execRole?.assume_role_policy ?? "", ecs.locals);
  if (!trust.includes("ecs-tasks.amazonaws.com")) return "trust policy does not name ecs-tasks.amazonaws.com";
  return !/Principal\s*=\s*"\*"|"AWS"\s*=\s*"\*"/.test(trust) || "trust policy has a wildcard principal";
});

const roleRef = new RegExp(`^aws_iam_role\\.${execRoleName}\\.(id|name)$`);
const execInline = resources(ecs, "aws_iam_role_policy").filter(([, p]) => roleRef.test(text(p.role ?? "")));

check(`the execution role's secret policy is ${M}.execution_role_policy_json`, () => {
  const fromModule = execInline.filter(([, p]) => text(p.policy) === `${M}.execution_role_policy_json`);
  return fromModule.length === 1 || `inline policies on the role: ${JSON.stringify(execInline.map(([n, p]) => [n, p.policy]))}`;
});

check(`that policy only exists while ${M}.profiling_enabled is true`, () => {
  const p = execInline.find(([, p]) => text(p.policy) === `${M}.execution_role_policy_json`)?.[1];
  if (!p) return "no policy from the module";
  return hasRef(p.count ?? p.for_each ?? "", `${M}.profiling_enabled`) ||
    `count/for_each = ${JSON.stringify(p.count ?? p.for_each)}`;
});

check("no other policy in ecs-service grants Secrets Manager or KMS access", () => {
  const offenders = [];
  for (const [type, byName] of Object.entries(ecs.resource)) {
    if (!/^aws_iam_(role_policy|policy|role_policy_attachment|role)$/.test(type)) continue;
    for (const [name, r] of Object.entries(byName)) {
      const body = expandLocals([r.policy, r.inline_policy, r.policy_arn, r.managed_policy_arns], ecs.locals);
      if (/secretsmanager|SecretsManager|kms:/.test(body)) offenders.push(`${type}.${name}`);
    }
  }
  return offenders.length ? `grants outside the config module: ${offenders.join(", ")}` : true;
});

const services = resources(ecs, "aws_ecs_service");
const [, service] = services[0] ?? [];

check("one ECS service with launch_type FARGATE running the module's task definition", () => {
  if (services.length !== 1) return `found ${services.length} services`;
  if (service.launch_type !== "FARGATE") return `launch_type = ${JSON.stringify(service.launch_type)}`;
  const td = taskDefs[0]?.[0];
  return text(service.task_definition ?? "") === `aws_ecs_task_definition.${td}.arn` ||
    `task_definition = ${JSON.stringify(service.task_definition)}`;
});

check("the platform version is limited to 1.4.0 or LATEST", () => {
  const pv = service?.platform_version;
  if (pv === "1.4.0" || pv === "LATEST") return true;
  const m = text(pv ?? "").match(/^var\.([A-Za-z0-9_]+)$/);
  if (!m) return `platform_version = ${JSON.stringify(pv)}`;
  const v = ecs.variable[m[1]];
  if (!v) return `undeclared variable ${m[1]}`;
  if (!["1.4.0", "LATEST"].includes(v.default)) return `default ${JSON.stringify(v.default)}`;
  const conds = (v.validation ?? []).map((x) => text(x.condition)).join(" ");
  return (/"1\.4\.0"/.test(conds) && /"LATEST"/.test(conds) && !/"1\.3\.0"/.test(conds)) ||
    `validation does not restrict to 1.4.0/LATEST: ${conds}`;
});

check("the service runs in awsvpc subnets", () => {
  const nc = service?.network_configuration?.[0];
  return (nc && nc.subnets !== undefined) || "network_configuration.subnets is missing";
});

check("the service waits for the execution role's policies", () => {
  const deps = (service?.depends_on ?? []).map(text);
  const needed = execInline.map(([n]) => `aws_iam_role_policy.${n}`);
  const missing = needed.filter((d) => !deps.includes(d));
  if (needed.length === 0) return "no inline execution policy to wait for";
  return missing.length ? `depends_on lacks ${missing.join(", ")}` : true;
});

check("profiling can be switched off per environment through ecs-service variables", () => {
  const passes = (arg, v) => text(cfgCall?.[arg] ?? "") === `var.${v}`;
  if (!(ecs.variable.profiling_enabled?.type && passes("profiling_enabled", "profiling_enabled")))
    return "profiling_enabled is not passed through";
  if (!(ecs.variable.profiling_environments && passes("profiling_environments", "profiling_environments")))
    return "profiling_environments is not passed through";
  return passes("environment", "environment") || "environment is not passed through";
});

// --- examples ----------------------------------------------------------------

for (const [name, ex] of Object.entries(examples)) {
  const calls = Object.entries(ex.module).filter(([, m]) => m.source === "../../modules/ecs-service");
  check(`example ${name} calls ecs-service with declared and all required arguments`, () => {
    if (calls.length !== 1) return `found ${calls.length} calls of ../../modules/ecs-service`;
    const args = Object.keys(calls[0][1]).filter((k) => !["source", "version", "providers", "count", "for_each", "depends_on"].includes(k));
    const unknown = args.filter((k) => !(k in ecs.variable));
    const missing = requiredVariables(ecs).filter((k) => !args.includes(k));
    if (unknown.length) return `unknown arguments: ${unknown.join(", ")}`;
    if (missing.length) return `missing required arguments: ${missing.join(", ")}`;
    const refs = [...JSON.stringify(calls[0][1]).matchAll(/\bvar\.([A-Za-z0-9_]+)/g)].map((m) => m[1]);
    const undeclared = refs.filter((r) => !(r in ex.variable));
    return undeclared.length ? `undeclared example variables: ${undeclared.join(", ")}` : true;
  });

  check(`example ${name} takes the secret ARN, cluster, subnets and image as variables`, () => {
    const call = calls[0]?.[1] ?? {};
    const wanted = {
      pyroscope_secret_arn: /^var\./,
      cluster_arn: /^var\./,
      subnet_ids: /^var\./,
      container_image: /^var\./,
      environment: /^[a-z]/,
    };
    const bad = Object.entries(wanted).filter(([k, re]) => call[k] === undefined || !re.test(text(call[k])));
    if (bad.length) return `not wired from variables: ${bad.map(([k]) => k).join(", ")}`;
    const img = text(call.container_image).replace(/^var\./, "");
    return /rideshare-demo/.test(ex.variable[img]?.default ?? "") || "the image variable does not default to the rideshare demo";
  });
}

check("staging and production differ: staging profiling off by default or another region", () => {
  const s = examples.staging, p = examples.production;
  const sCall = Object.values(s.module)[0], pCall = Object.values(p.module)[0];
  if (text(sCall.environment) !== "staging" || text(pCall.environment) !== "production") return "environment names are not staging/production";
  const stagingOff = sCall.profiling_enabled === false ||
    (text(sCall.profiling_enabled ?? "") === "var.profiling_enabled" && s.variable.profiling_enabled?.default === false);
  const otherRegion = s.variable.region?.default !== p.variable.region?.default;
  if (!stagingOff && !otherRegion) return "staging neither disables profiling nor uses another region";
  return pCall.profiling_enabled !== false || "production disables profiling";
});

// ---------------------------------------------------------------------------

const failed = results.filter((r) => r.detail !== null).length;
console.log(`structure: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
