# The Terraform workflow of the client matrix: a vault with tags and an access policy, and a vault lock,
# left in progress (complete_lock = var.complete_lock, so that destroy can abort it and delete the vault) or
# completed (then destroy must fail: a Locked policy outlives every API call).
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "endpoint" {
  type = string
}

variable "account" {
  type = string
}

variable "vault" {
  type = string
}

variable "complete_lock" {
  type = bool
}

provider "aws" {
  region                      = "us-east-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  endpoints {
    glacier = var.endpoint
  }
}

locals {
  vault_arn = "arn:aws:glacier:us-east-1:${var.account}:vaults/${var.vault}"
}

resource "aws_glacier_vault" "archive" {
  name = var.vault
  tags = {
    team  = "records"
    keep  = "7y"
  }
  access_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "read-only-for-auditors"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${var.account}:root" }
      Action    = ["glacier:InitiateJob", "glacier:GetJobOutput"]
      Resource  = local.vault_arn
    }]
  })
}

resource "aws_glacier_vault_lock" "archive" {
  vault_name    = aws_glacier_vault.archive.name
  complete_lock = var.complete_lock
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "no-early-deletes"
      Effect    = "Deny"
      Principal = "*"
      Action    = "glacier:DeleteArchive"
      Resource  = local.vault_arn
      Condition = { NumericLessThan = { "glacier:ArchiveAgeInDays" = "2555" } }
    }]
  })
}
