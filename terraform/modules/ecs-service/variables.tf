################################################################################
# Service
################################################################################

variable "name" {
  description = "Name of the ECS service; also used for the task definition family, the IAM roles and the log group."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_-]{0,47}$", var.name))
    error_message = "The name must start with a letter and hold at most 48 letters, digits, '_' or '-' (it prefixes IAM role names, which are limited to 64 characters)."
  }
}

variable "cluster_arn" {
  description = "ARN of the ECS cluster that runs the service."
  type        = string
  nullable    = false

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/.+$", var.cluster_arn))
    error_message = "The cluster_arn must be an ECS cluster ARN ('arn:aws:ecs:<region>:<account>:cluster/<name>')."
  }
}

variable "region" {
  description = "AWS region of the service. Used for the awslogs driver (the starter detects the `region` label itself)."
  type        = string
  nullable    = false
}

variable "environment" {
  description = "Deployment environment name (for example `staging`). Used for the `environment` Pyroscope label and the per-environment profiling switch."
  type        = string
  nullable    = false
}

variable "desired_count" {
  description = "Number of tasks to keep running."
  type        = number
  default     = 1
  nullable    = false

  validation {
    condition     = var.desired_count >= 0 && floor(var.desired_count) == var.desired_count
    error_message = "The desired_count must be a whole number >= 0."
  }
}

variable "platform_version" {
  description = "Fargate platform version. Secrets Manager JSON-key injection needs 1.4.0 or later."
  type        = string
  default     = "LATEST"
  nullable    = false

  validation {
    condition     = contains(["1.4.0", "LATEST"], var.platform_version)
    error_message = "The platform_version must be \"1.4.0\" or \"LATEST\" (older Fargate platforms cannot inject single JSON keys of a secret)."
  }
}

variable "subnet_ids" {
  description = "Subnets for the tasks' network interfaces (awsvpc mode)."
  type        = list(string)
  nullable    = false

  validation {
    condition     = length(var.subnet_ids) > 0 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]+$", s))])
    error_message = "Give at least one subnet ID of the form 'subnet-0123abcd'."
  }
}

variable "security_group_ids" {
  description = "Security groups attached to the tasks' network interfaces."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for s in var.security_group_ids : can(regex("^sg-[0-9a-f]+$", s))])
    error_message = "Security group IDs must look like 'sg-0123abcd'."
  }
}

variable "assign_public_ip" {
  description = "Give tasks a public IP (needed in public subnets without a NAT gateway to pull images and reach Secrets Manager)."
  type        = bool
  default     = false
  nullable    = false
}

variable "enable_execute_command" {
  description = "Enable ECS Exec for the service's tasks."
  type        = bool
  default     = false
  nullable    = false
}

variable "load_balancer" {
  description = "Optional target group to register the container with."
  type = object({
    target_group_arn = string
    container_port   = number
  })
  default = null
}

variable "redeploy_trigger" {
  description = "Any string; changing it forces a new deployment. Secrets are read at task start, so bump it (for example to the secret's version ID) after rotating the Pyroscope secret."
  type        = string
  default     = null
}

################################################################################
# Task definition / container
################################################################################

variable "cpu" {
  description = "Task CPU units (Fargate sizes: 256, 512, 1024, 2048, 4096, 8192, 16384)."
  type        = number
  default     = 512
  nullable    = false

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "The cpu must be one of the Fargate sizes 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "memory" {
  description = "Task memory in MiB (must be a valid Fargate combination with `cpu`)."
  type        = number
  default     = 1024
  nullable    = false

  validation {
    condition     = var.memory >= 512 && var.memory <= 122880
    error_message = "The memory must be between 512 and 122880 MiB."
  }
}

variable "cpu_architecture" {
  description = "CPU architecture of the task (`X86_64` or `ARM64`)."
  type        = string
  default     = "X86_64"
  nullable    = false

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "The cpu_architecture must be X86_64 or ARM64."
  }
}

variable "container_name" {
  description = "Name of the application container."
  type        = string
  default     = "app"
  nullable    = false

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.container_name))
    error_message = "The container_name may only contain letters, digits, '_' and '-'."
  }
}

variable "container_image" {
  description = "Image of the application container, for example `ghcr.io/example/rideshare-demo:1.0.0`."
  type        = string
  nullable    = false

  validation {
    condition     = length(var.container_image) > 0 && !can(regex("\\s", var.container_image))
    error_message = "The container_image must be a non-empty image reference without whitespace."
  }
}

variable "container_port" {
  description = "TCP port the container listens on; null for no port mapping."
  type        = number
  default     = 8080

  validation {
    condition     = var.container_port == null || try(var.container_port >= 1 && var.container_port <= 65535, false)
    error_message = "The container_port must be between 1 and 65535 (or null)."
  }
}

variable "container_environment" {
  description = "Application environment variables (non-secret) besides the Pyroscope ones, as a map of name to value."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for k in keys(var.container_environment) : !startswith(k, "PYROSCOPE_")])
    error_message = "Do not pass PYROSCOPE_* variables in container_environment: use pyroscope_extra_environment, or the dedicated inputs for the managed ones."
  }
}

variable "container_secrets" {
  description = "Further container secrets besides the Pyroscope ones, as ECS `{ name, valueFrom }` objects. The execution role is NOT granted access to them; attach a policy yourself."
  type = list(object({
    name      = string
    valueFrom = string
  }))
  default  = []
  nullable = false

  validation {
    condition     = alltrue([for s in var.container_secrets : !startswith(s.name, "PYROSCOPE_")])
    error_message = "PYROSCOPE_* secrets are managed by the module."
  }
}

################################################################################
# Pyroscope
################################################################################

variable "application_name" {
  description = "Pyroscope application name. Defaults to `name`."
  type        = string
  default     = null
}

variable "profiling_enabled" {
  description = "Switch profiling on or off for this deployment. When off, PYROSCOPE_ENABLED=false is set and no secret is injected or readable."
  type        = bool
  default     = true
  nullable    = false
}

variable "profiling_environments" {
  description = "Environments in which profiling is on; null means every environment. Combined with `profiling_enabled` (both must allow it)."
  type        = list(string)
  default     = null
}

variable "pyroscope_secret_arn" {
  description = "Full ARN of the Secrets Manager secret holding the JSON keys `pyroscope_server_address` and `pyroscope_auth_token`. Required while profiling is on."
  type        = string
  default     = null
}

variable "pyroscope_secret_kms_key_arn" {
  description = "ARN of the customer-managed KMS key encrypting the secret, if any; the execution role then gets kms:Decrypt on it."
  type        = string
  default     = null
}

variable "pyroscope_labels" {
  description = "Extra static Pyroscope labels (`region` and `environment` are always added)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "pyroscope_extra_environment" {
  description = "Extra agent settings (for example `PYROSCOPE_PROFILER_EVENT`) set while profiling is on."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Logging / IAM / tags
################################################################################

variable "log_group_name" {
  description = "Name of the CloudWatch log group; defaults to `/ecs/<name>`."
  type        = string
  default     = null
}

variable "log_retention_in_days" {
  description = "Days to keep container logs."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "The log_retention_in_days must be a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ..., 3653)."
  }
}

variable "log_group_kms_key_id" {
  description = "Optional KMS key ARN to encrypt the log group."
  type        = string
  default     = null
}

variable "task_role_arn" {
  description = "ARN of an existing task role for the application. When null the module creates an empty one (output `task_role_name`) that you can attach policies to."
  type        = string
  default     = null
}

variable "iam_role_permissions_boundary" {
  description = "Optional permissions boundary ARN for the IAM roles the module creates."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to every resource the module creates."
  type        = map(string)
  default     = {}
  nullable    = false
}
