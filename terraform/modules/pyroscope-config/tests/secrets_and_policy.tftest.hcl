# Secret injection strings and the execution role policy.

variables {
  application_name = "rideshare-demo"
  environment      = "production"
  region           = "eu-west-1"
  secret_arn       = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pyroscope/rideshare-AbCdEf"
}

run "value_from_strings" {
  command = plan

  assert {
    condition = output.secret_value_from == tomap({
      PYROSCOPE_AUTH_TOKEN     = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pyroscope/rideshare-AbCdEf:pyroscope_auth_token::"
      PYROSCOPE_SERVER_ADDRESS = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pyroscope/rideshare-AbCdEf:pyroscope_server_address::"
    })
    error_message = "Unexpected valueFrom strings: ${jsonencode(output.secret_value_from)}"
  }

  assert {
    condition = output.secrets == [
      { name = "PYROSCOPE_AUTH_TOKEN", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pyroscope/rideshare-AbCdEf:pyroscope_auth_token::" },
      { name = "PYROSCOPE_SERVER_ADDRESS", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pyroscope/rideshare-AbCdEf:pyroscope_server_address::" },
    ]
    error_message = "Unexpected container secrets: ${jsonencode(output.secrets)}"
  }

  assert {
    # <arn (7 colon-separated parts)>:<json-key>:<stage>:<version-id>
    condition     = alltrue([for s in output.secrets : length(split(":", s.valueFrom)) == 10 && endswith(s.valueFrom, "::")])
    error_message = "Every valueFrom must carry the JSON key followed by two empty fields (\"::\")."
  }
}

run "policy_without_kms_key" {
  command = plan

  assert {
    condition = jsondecode(output.execution_role_policy_json) == {
      Version = "2012-10-17"
      Statement = [{
        Sid      = "ReadPyroscopeSecret"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:pyroscope/rideshare-AbCdEf"]
      }]
    }
    error_message = "Unexpected policy: ${output.execution_role_policy_json}"
  }

  assert {
    condition     = !strcontains(output.execution_role_policy_json, "kms:")
    error_message = "Without a customer-managed key the policy must not grant any KMS action."
  }

  assert {
    condition     = !strcontains(output.execution_role_policy_json, "\"*\"")
    error_message = "The policy must not use wildcard actions or resources."
  }
}

run "policy_with_kms_key" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  assert {
    condition     = length(output.execution_role_policy_statements) == 2
    error_message = "Expected a secret statement and a KMS statement."
  }

  assert {
    condition = jsondecode(output.execution_role_policy_json).Statement[1] == {
      Sid      = "DecryptPyroscopeSecret"
      Effect   = "Allow"
      Action   = ["kms:Decrypt"]
      Resource = ["arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
      Condition = {
        StringEquals = { "kms:ViaService" = "secretsmanager.eu-west-1.amazonaws.com" }
      }
    }
    error_message = "Unexpected KMS statement: ${output.execution_role_policy_json}"
  }

  assert {
    condition     = jsondecode(output.execution_role_policy_json).Statement[0].Resource == ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:pyroscope/rideshare-AbCdEf"]
    error_message = "The secret statement must still name only the secret."
  }
}

run "kms_condition_uses_the_secret_region" {
  command = plan

  variables {
    # Service in one region, secret replicated/kept in another.
    region      = "eu-central-1"
    secret_arn  = "arn:aws:secretsmanager:us-east-1:123456789012:secret:pyroscope-AbCdEf"
    kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/mrk-1234567890abcdef1234567890abcdef"
  }

  assert {
    condition     = jsondecode(output.execution_role_policy_json).Statement[1].Condition.StringEquals["kms:ViaService"] == "secretsmanager.us-east-1.amazonaws.com"
    error_message = "kms:ViaService must name the region of the secret."
  }
}

run "nothing_when_disabled" {
  command = plan

  variables {
    profiling_enabled = false
    kms_key_arn       = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }

  assert {
    condition     = output.execution_role_policy_json == null
    error_message = "No policy should be produced while profiling is off."
  }

  assert {
    condition     = length(output.execution_role_policy_statements) == 0
    error_message = "No statements should be produced while profiling is off."
  }

  assert {
    condition     = length(output.secrets) == 0 && length(output.secret_value_from) == 0
    error_message = "No secrets should be injected while profiling is off."
  }
}

run "disabled_without_secret" {
  command = plan

  variables {
    environment            = "staging"
    profiling_environments = ["production"]
    secret_arn             = null
  }

  assert {
    condition     = output.execution_role_policy_json == null && length(output.secrets) == 0
    error_message = "A disabled environment must work without any secret."
  }
}
