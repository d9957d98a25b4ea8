variable "region" {
  description = "AWS region of the production deployment."
  type        = string
  default     = "eu-west-1"
}

variable "cluster_arn" {
  description = "ARN of the existing ECS cluster for production."
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

variable "desired_count" {
  description = "Number of tasks."
  type        = number
  default     = 2
}

variable "pyroscope_secret_arn" {
  description = "ARN of the Secrets Manager secret with the JSON keys `pyroscope_server_address` and `pyroscope_auth_token`."
  type        = string
}

variable "pyroscope_secret_kms_key_arn" {
  description = "Customer-managed KMS key of the secret, if it is not encrypted with aws/secretsmanager."
  type        = string
  default     = null
}

variable "profiling_environments" {
  description = "Environments where profiling is on; remove \"production\" to switch the agent off without touching anything else."
  type        = list(string)
  default     = ["production"]
}

variable "redeploy_trigger" {
  description = "Change (e.g. to the new secret version ID) to roll the tasks after rotating the secret."
  type        = string
  default     = null
}
