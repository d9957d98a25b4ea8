# PYROSCOPE_LABELS string.

variables {
  application_name = "rideshare-demo"
  environment      = "production"
  region           = "us-east-1"
  secret_arn       = "arn:aws:secretsmanager:us-east-1:123456789012:secret:pyroscope-AbCdEf"
}

run "environment_only" {
  command = plan

  assert {
    condition     = output.labels_string == "environment=production"
    error_message = "Unexpected labels: ${output.labels_string}"
  }
}

run "user_labels_are_merged_and_sorted" {
  command = plan

  variables {
    labels = {
      team       = "mobility"
      az_group   = "blue"
      version_v2 = "1.0.0"
    }
  }

  assert {
    condition     = output.labels_string == "az_group=blue,environment=production,team=mobility,version_v2=1.0.0"
    error_message = "Unexpected labels: ${output.labels_string}"
  }

  assert {
    condition     = output.environment_map["PYROSCOPE_LABELS"] == output.labels_string
    error_message = "PYROSCOPE_LABELS must carry the label string."
  }

  assert {
    condition     = output.labels["team"] == "mobility" && output.labels["environment"] == "production" && !contains(keys(output.labels), "region")
    error_message = "The labels map should hold user and built-in labels."
  }
}

run "values_may_hold_other_punctuation" {
  command = plan

  variables {
    labels = { image = "ghcr.io/example/rideshare-demo:1.0.0" }
  }

  assert {
    condition     = output.labels_string == "environment=production,image=ghcr.io/example/rideshare-demo:1.0.0"
    error_message = "Unexpected labels: ${output.labels_string}"
  }
}
