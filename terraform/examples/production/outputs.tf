output "service_name" {
  description = "ECS service name."
  value       = module.rideshare.service_name
}

output "task_definition_arn" {
  description = "Task definition ARN."
  value       = module.rideshare.task_definition_arn
}

output "profiling_enabled" {
  description = "Whether the Pyroscope agent is switched on in production."
  value       = module.rideshare.profiling_enabled
}

output "execution_role_arn" {
  description = "Execution role that reads the Pyroscope secret."
  value       = module.rideshare.execution_role_arn
}

output "task_role_name" {
  description = "Task role of the application (attach in-app permissions here)."
  value       = module.rideshare.task_role_name
}

output "log_group_name" {
  description = "CloudWatch log group of the container."
  value       = module.rideshare.log_group_name
}
