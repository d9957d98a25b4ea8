output "service_name" {
  description = "ECS service name."
  value       = module.rideshare.service_name
}

output "task_definition_arn" {
  description = "Task definition ARN."
  value       = module.rideshare.task_definition_arn
}

output "profiling_enabled" {
  description = "Whether the Pyroscope agent is switched on in staging."
  value       = module.rideshare.profiling_enabled
}

output "log_group_name" {
  description = "CloudWatch log group of the container."
  value       = module.rideshare.log_group_name
}
