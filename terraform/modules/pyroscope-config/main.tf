locals {
  # JSON keys the secret must hold, and the environment variables they feed.
  # The Spring starter (like the official Pyroscope Java agent) reads exactly
  # these environment variable names.
  secret_json_keys = {
    PYROSCOPE_SERVER_ADDRESS = "pyroscope_server_address"
    PYROSCOPE_AUTH_TOKEN     = "pyroscope_auth_token"
  }

  ##############################################################################
  # Effective switch
  ##############################################################################

  environment_selected = (
    var.profiling_environments == null
    ? true
    : contains(var.profiling_environments, var.environment)
  )
  enabled = var.profiling_enabled && local.environment_selected

  ##############################################################################
  # Labels: environment always, user labels next to it. The region, cluster,
  # task family and revision and availability zone are not set here: the
  # starter reads them from the ECS task metadata endpoint at startup.
  # Iterating a map walks its keys in lexical order, so the string is stable.
  ##############################################################################

  labels = merge(var.labels, {
    environment = var.environment
  })
  labels_string = join(",", [for name, value in local.labels : "${name}=${value}"])

  ##############################################################################
  # Container environment (ECS `environment`: list of {name, value})
  ##############################################################################

  environment_map = local.enabled ? merge(var.extra_environment, {
    PYROSCOPE_ENABLED          = "true"
    PYROSCOPE_APPLICATION_NAME = var.application_name
    PYROSCOPE_LABELS           = local.labels_string
    }) : {
    PYROSCOPE_ENABLED = "false"
  }
  container_environment = [
    for name, value in local.environment_map : { name = name, value = value }
  ]

  ##############################################################################
  # Container secrets (ECS `secrets`: list of {name, valueFrom})
  # Format: <secret-arn>:<json-key>:<version-stage>:<version-id>; the empty
  # stage and id select AWSCURRENT, but the colons are still required.
  ##############################################################################

  secret_value_from = local.enabled ? {
    for env_name, json_key in local.secret_json_keys : env_name => "${var.secret_arn}:${json_key}::"
  } : {}
  container_secrets = [
    for name, value_from in local.secret_value_from : { name = name, valueFrom = value_from }
  ]

  ##############################################################################
  # IAM policy for the task execution role: read this one secret, and decrypt
  # with the customer-managed key only when Secrets Manager asks for it.
  ##############################################################################

  secret_region = local.enabled ? split(":", var.secret_arn)[3] : null

  # Candidates are filtered with `for ... if` so that statements of different
  # shapes (the KMS one has a Condition) can live in the same tuple.
  policy_statement_candidates = [
    {
      include = true
      statement = {
        Sid      = "ReadPyroscopeSecret"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = [var.secret_arn]
      }
    },
    {
      include = var.kms_key_arn != null
      statement = {
        Sid      = "DecryptPyroscopeSecret"
        Effect   = "Allow"
        Action   = ["kms:Decrypt"]
        Resource = [var.kms_key_arn]
        Condition = {
          StringEquals = {
            "kms:ViaService" = "secretsmanager.${coalesce(local.secret_region, var.region)}.amazonaws.com"
          }
        }
      }
    },
  ]
  policy_statements = [
    for candidate in local.policy_statement_candidates : candidate.statement
    if local.enabled && candidate.include
  ]

  policy_json = local.enabled ? jsonencode({
    Version   = "2012-10-17"
    Statement = local.policy_statements
  }) : null
}
