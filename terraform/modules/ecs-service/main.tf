################################################################################
# Pyroscope settings (provider-free; all the logic and validation lives there)
################################################################################

module "pyroscope" {
  source = "../pyroscope-config"

  application_name       = coalesce(var.application_name, var.name)
  environment            = var.environment
  region                 = var.region
  profiling_enabled      = var.profiling_enabled
  profiling_environments = var.profiling_environments
  secret_arn             = var.pyroscope_secret_arn
  kms_key_arn            = var.pyroscope_secret_kms_key_arn
  labels                 = var.pyroscope_labels
  extra_environment      = var.pyroscope_extra_environment
}

locals {
  # Partition and account come from the cluster ARN, so no data source (and no
  # extra API call) is needed to scope the trust policies.
  partition  = split(":", var.cluster_arn)[1]
  account_id = split(":", var.cluster_arn)[4]

  log_group_name = coalesce(var.log_group_name, "/ecs/${var.name}")

  app_environment = [
    for name, value in var.container_environment : { name = name, value = value }
  ]

  container_definition = {
    name      = var.container_name
    image     = var.container_image
    essential = true

    portMappings = var.container_port == null ? [] : [{
      containerPort = var.container_port
      hostPort      = var.container_port
      protocol      = "tcp"
    }]

    # PYROSCOPE_ENABLED / _APPLICATION_NAME / _LABELS as plain values ...
    environment = concat(local.app_environment, module.pyroscope.environment)
    # ... PYROSCOPE_SERVER_ADDRESS / _AUTH_TOKEN from the secret's JSON keys,
    # resolved by ECS at task start with the execution role.
    secrets = concat(var.container_secrets, module.pyroscope.secrets)

    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = var.region
        awslogs-stream-prefix = var.container_name
      }
    }
  }

  ecs_tasks_trust_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EcsTasksAssumeRole"
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Condition = {
        StringEquals = { "aws:SourceAccount" = local.account_id }
      }
    }]
  })
}

################################################################################
# CloudWatch log group
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_group_kms_key_id

  tags = var.tags
}

################################################################################
# Task execution role: pulls the image, writes logs, injects the secret
################################################################################

resource "aws_iam_role" "execution" {
  name                 = "${var.name}-execution"
  description          = "ECS task execution role for ${var.name}"
  assume_role_policy   = local.ecs_tasks_trust_policy
  permissions_boundary = var.iam_role_permissions_boundary

  tags = var.tags
}

# Image pull and log writing. This managed policy grants no Secrets Manager
# access, so the only secret the role can read is the one below.
resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

# secretsmanager:GetSecretValue on the Pyroscope secret only (+ kms:Decrypt
# on its customer-managed key). Absent while profiling is off.
resource "aws_iam_role_policy" "pyroscope_secret" {
  count = module.pyroscope.profiling_enabled ? 1 : 0

  name   = "pyroscope-secret"
  role   = aws_iam_role.execution.id
  policy = module.pyroscope.execution_role_policy_json
}

################################################################################
# Task role: the application's own AWS identity (empty by default)
################################################################################

resource "aws_iam_role" "task" {
  count = var.task_role_arn == null ? 1 : 0

  name                 = "${var.name}-task"
  description          = "ECS task role for ${var.name}"
  assume_role_policy   = local.ecs_tasks_trust_policy
  permissions_boundary = var.iam_role_permissions_boundary

  tags = var.tags
}

################################################################################
# Task definition
################################################################################

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = var.task_role_arn != null ? var.task_role_arn : aws_iam_role.task[0].arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([local.container_definition])

  tags = var.tags
}

################################################################################
# Service
################################################################################

resource "aws_ecs_service" "this" {
  name             = var.name
  cluster          = var.cluster_arn
  task_definition  = aws_ecs_task_definition.this.arn
  desired_count    = var.desired_count
  launch_type      = "FARGATE"
  platform_version = var.platform_version

  enable_execute_command  = var.enable_execute_command
  enable_ecs_managed_tags = true
  propagate_tags          = "SERVICE"

  # Secrets are resolved when a task starts; a new deployment picks up a
  # rotated value. Changing redeploy_trigger forces one.
  force_new_deployment = var.redeploy_trigger != null
  triggers             = var.redeploy_trigger == null ? {} : { redeploy = var.redeploy_trigger }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = var.security_group_ids
    assign_public_ip = var.assign_public_ip
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  dynamic "load_balancer" {
    for_each = var.load_balancer == null ? [] : [var.load_balancer]
    content {
      target_group_arn = load_balancer.value.target_group_arn
      container_name   = var.container_name
      container_port   = load_balancer.value.container_port
    }
  }

  tags = var.tags

  # Tasks must not start before the execution role can read the secret.
  depends_on = [
    aws_iam_role_policy_attachment.execution,
    aws_iam_role_policy.pyroscope_secret,
  ]
}
