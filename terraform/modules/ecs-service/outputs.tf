output "service_id" {
  description = "ARN of the ECS service."
  value       = aws_ecs_service.this.id
}

output "service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.this.name
}

output "task_definition_arn" {
  description = "ARN (with revision) of the task definition."
  value       = aws_ecs_task_definition.this.arn
}

output "task_definition_family" {
  description = "Family of the task definition."
  value       = aws_ecs_task_definition.this.family
}

output "execution_role_arn" {
  description = "ARN of the task execution role (reads the Pyroscope secret for injection)."
  value       = aws_iam_role.execution.arn
}

output "execution_role_name" {
  description = "Name of the task execution role."
  value       = aws_iam_role.execution.name
}

output "task_role_arn" {
  description = "ARN of the task role the application runs with."
  value       = var.task_role_arn != null ? var.task_role_arn : aws_iam_role.task[0].arn
}

output "task_role_name" {
  description = "Name of the task role created by the module (null when `task_role_arn` was given)."
  value       = var.task_role_arn != null ? null : aws_iam_role.task[0].name
}

output "log_group_name" {
  description = "Name of the CloudWatch log group of the container."
  value       = aws_cloudwatch_log_group.this.name
}

output "log_group_arn" {
  description = "ARN of the CloudWatch log group."
  value       = aws_cloudwatch_log_group.this.arn
}

output "profiling_enabled" {
  description = "Whether profiling is on for this deployment."
  value       = module.pyroscope.profiling_enabled
}

output "pyroscope_environment" {
  description = "Plain Pyroscope environment variables set on the container."
  value       = module.pyroscope.environment_map
}

output "pyroscope_secret_value_from" {
  description = "ECS valueFrom strings used for the injected Pyroscope secrets."
  value       = module.pyroscope.secret_value_from
}

output "execution_role_policy_json" {
  description = "Inline policy granted to the execution role for the secret (null while profiling is off)."
  value       = module.pyroscope.execution_role_policy_json
}
