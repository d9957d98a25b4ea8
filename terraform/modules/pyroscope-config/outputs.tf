output "profiling_enabled" {
  description = "Whether profiling is effectively on: `profiling_enabled` is true and the environment is selected by `profiling_environments`."
  value       = local.enabled
}

output "environment" {
  description = "Container environment for the ECS task definition, as a list of `{ name, value }` objects sorted by name."
  value       = local.container_environment
}

output "environment_map" {
  description = "The same container environment as a map of name to value."
  value       = local.environment_map
}

output "secrets" {
  description = "Container secrets for the ECS task definition, as a list of `{ name, valueFrom }` objects (empty when profiling is off)."
  value       = local.container_secrets
}

output "secret_value_from" {
  description = "Map of environment variable name to its ECS `valueFrom` string (`<secret-arn>:<json-key>::`). Empty when profiling is off."
  value       = local.secret_value_from
}

output "secret_json_keys" {
  description = "JSON keys the Secrets Manager secret must contain, by the environment variable they are injected into."
  value       = local.secret_json_keys
}

output "labels" {
  description = "All static Pyroscope labels (user labels plus `environment`)."
  value       = local.labels
}

output "labels_string" {
  description = "The labels in PYROSCOPE_LABELS form: `k=v,k2=v2`, sorted by label name."
  value       = local.labels_string
}

output "execution_role_policy_statements" {
  description = "IAM statements the task execution role needs to inject the secret (empty when profiling is off)."
  value       = local.policy_statements
}

output "execution_role_policy_json" {
  description = "IAM policy document (JSON) allowing secretsmanager:GetSecretValue on the secret, plus kms:Decrypt on the customer-managed key when one is given. Null when profiling is off."
  value       = local.policy_json
}
