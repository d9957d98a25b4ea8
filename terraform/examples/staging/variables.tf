variable "region" {
  description = "AWS region of the staging deployment."
  type        = string
  default     = "eu-central-1"
}

variable "cluster_arn" {
  description = "ARN of the existing ECS cluster for staging."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the tasks (with a route to Secrets Manager and the image registry)."
  type        = list(string)
}

variable "security_group_ids" {
  description = "Security groups for the tasks."
  type        = list(string)
  default     = []
}

variable "image" {
  description = "Rideshare demo image."
  type        = string
  default     = "ghcr.io/example/rideshare-demo:1.0.0"
}

variable "profiling_enabled" {
  description = "Profile staging too. Off by default; when on, pyroscope_secret_arn is required."
  type        = bool
  default     = false
}

variable "pyroscope_secret_arn" {
  description = "ARN of the Secrets Manager secret with `pyroscope_server_address` and `pyroscope_auth_token` (only needed when profiling_enabled is true)."
  type        = string
  default     = null
}
