################################################################################
# Identity of the profiled application
################################################################################

variable "application_name" {
  description = "Pyroscope application name (PYROSCOPE_APPLICATION_NAME). Allowed characters: letters, digits, `_`, `.`, `-` and `/`."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9_./-]+$", var.application_name)) && length(var.application_name) <= 255
    error_message = "The application_name must be 1-255 characters long and use only letters, digits, '_', '.', '-' and '/'."
  }
}

variable "environment" {
  description = "Deployment environment (for example `staging` or `production`). Sent as the `environment` label and matched against `profiling_environments`."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9_-]{0,62}$", var.environment))
    error_message = "The environment must start with a lowercase letter or digit and contain only lowercase letters, digits, '_' and '-' (at most 63 characters)."
  }
}

variable "region" {
  description = "AWS region the service runs in (for example `eu-west-1`). Used for the KMS condition; not sent as a label (the starter detects `region` on ECS)."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.region))
    error_message = "The region must look like an AWS region name, for example 'eu-west-1' or 'us-gov-west-1'."
  }
}

################################################################################
# Profiling switches
################################################################################

variable "profiling_enabled" {
  description = "Master switch. When false, the container only gets PYROSCOPE_ENABLED=false: no secrets are injected and no IAM policy is produced."
  type        = bool
  default     = true
  nullable    = false
}

variable "profiling_environments" {
  description = "Environments in which profiling is on. `null` (the default) means every environment; an empty list switches profiling off everywhere. Profiling is on only when `profiling_enabled` is true and `environment` is in this list."
  type        = list(string)
  default     = null

  validation {
    condition = var.profiling_environments == null ? true : alltrue([
      for e in coalesce(var.profiling_environments, []) : can(regex("^[a-z0-9][a-z0-9_-]{0,62}$", e))
    ])
    error_message = "Every entry of profiling_environments must be a valid environment name (lowercase letters, digits, '_' and '-')."
  }
}

################################################################################
# Secrets Manager secret holding the connection settings
################################################################################

variable "secret_arn" {
  description = "Full ARN of the Secrets Manager secret whose JSON holds the keys `pyroscope_server_address` and `pyroscope_auth_token`. Required while profiling is on; ignored otherwise."
  type        = string
  default     = null

  validation {
    condition     = var.secret_arn == null || can(regex("^arn:aws(-cn|-us-gov|-iso|-iso-b)?:secretsmanager:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+$", var.secret_arn))
    error_message = "The secret_arn must be a Secrets Manager secret ARN such as 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pyroscope-AbCdEf'."
  }

  validation {
    condition = (
      var.secret_arn != null
      || !var.profiling_enabled
      || (var.profiling_environments == null ? false : !contains(coalesce(var.profiling_environments, []), var.environment))
    )
    error_message = "The secret_arn is required while profiling is enabled for this environment (set profiling_enabled = false, or leave the environment out of profiling_environments, to run without it)."
  }
}

variable "kms_key_arn" {
  description = "ARN of the customer-managed KMS key that encrypts the secret. When set, the policy also allows `kms:Decrypt` on this key (through Secrets Manager only). Leave null for the AWS-managed `aws/secretsmanager` key."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws(-cn|-us-gov|-iso|-iso-b)?:kms:[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9]{12}:key/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$", var.kms_key_arn))
    error_message = "The kms_key_arn must be a KMS key ARN such as 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' (aliases are not accepted in IAM policies)."
  }
}

################################################################################
# Labels and extra agent settings
################################################################################

variable "labels" {
  description = "Extra static Pyroscope labels added to PYROSCOPE_LABELS next to `environment`. On ECS the starter adds `ecs_cluster`, `ecs_task_family`, `ecs_task_revision`, `availability_zone` and `region` itself; a label given here wins over a detected one. Names: letters, digits and `_`; values must not contain `,`, `{`, `}` or `=`."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k in keys(var.labels) : can(regex("^[A-Za-z0-9_]+$", k))])
    error_message = "Label names may only contain letters, digits and '_'."
  }

  validation {
    condition     = alltrue([for k in keys(var.labels) : !startswith(k, "__")])
    error_message = "Label names starting with '__' are reserved by Pyroscope and dropped by the server."
  }

  validation {
    condition     = alltrue([for v in values(var.labels) : length(trimspace(v)) > 0 && !can(regex("[,{}=]", v))])
    error_message = "Label values must not be blank and must not contain ',', '{', '}' or '='."
  }

  validation {
    condition     = !contains(keys(var.labels), "environment")
    error_message = "The label 'environment' is set by the module from var.environment; do not pass it in labels."
  }
}

variable "extra_environment" {
  description = "Additional agent settings (for example `PYROSCOPE_PROFILER_EVENT = \"itimer\"`) added to the container environment while profiling is on. Must not repeat a variable the module manages."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k in keys(var.extra_environment) : can(regex("^[A-Za-z_][A-Za-z0-9_]*$", k))])
    error_message = "Environment variable names must start with a letter or '_' and contain only letters, digits and '_'."
  }

  validation {
    condition = length(setintersection(keys(var.extra_environment), [
      "PYROSCOPE_ENABLED", "PYROSCOPE_AGENT_ENABLED", "PYROSCOPE_APPLICATION_NAME", "PYROSCOPE_LABELS",
      "PYROSCOPE_SERVER_ADDRESS", "PYROSCOPE_AUTH_TOKEN",
    ])) == 0
    error_message = "The extra_environment must not set PYROSCOPE_ENABLED, PYROSCOPE_AGENT_ENABLED, PYROSCOPE_APPLICATION_NAME, PYROSCOPE_LABELS, PYROSCOPE_SERVER_ADDRESS or PYROSCOPE_AUTH_TOKEN; the module manages them."
  }

  validation {
    condition     = alltrue([for k in keys(var.extra_environment) : !can(regex("(?i)(PASSWORD|TOKEN|SECRET)", k))])
    error_message = "Credentials (names containing PASSWORD, TOKEN or SECRET) must not be passed as plain environment variables; put them in the Secrets Manager secret."
  }
}
