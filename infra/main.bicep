// acr-chatops on Azure: the bot (App Service, Linux, Node 24 LTS) with a user-assigned managed identity,
// its Azure Bot registration (Teams channel), PostgreSQL Flexible Server with Entra-only auth, Key Vault
// for the webhook secrets, and the least privilege the bot needs on the registry it manages.
// Deploy: az deployment group create -g RG -f infra/main.bicep -p infra/main.parameters.json

targetScope = 'resourceGroup'

@description('Short prefix for resource names (3–11 lowercase letters or digits).')
@minLength(3)
@maxLength(11)
param namePrefix string

param location string = resourceGroup().location

@description('Name of the existing Azure Container Registry the bot manages (same resource group).')
param registryName string

@description('Grant the right to disable the registry admin user (needs registry write). Off by default.')
param allowDisableAdminUser bool = false

@description('Entra object id of the PostgreSQL administrator (a group is best).')
param postgresAdminObjectId string

@description('Display name of that administrator principal.')
param postgresAdminName string

@description('App Service plan SKU.')
param appServiceSku string = 'B1'

var suffix = uniqueString(resourceGroup().id, namePrefix)

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: registryName
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-bot-id'
  location: location
}

// Exactly what the bot does, nothing more: read registry + usage, list/cancel task runs, pull metadata,
// delete artifacts (purge), and lock/unlock images (ACR authorizes attribute updates as push).
// Registry write (to disable the admin user) only when allowDisableAdminUser; never listCredentials.
var operatorActions = concat([
  'Microsoft.ContainerRegistry/registries/read'
  'Microsoft.ContainerRegistry/registries/listUsages/read'
  'Microsoft.ContainerRegistry/registries/runs/read'
  'Microsoft.ContainerRegistry/registries/runs/cancel/action'
  'Microsoft.ContainerRegistry/registries/pull/read'
  'Microsoft.ContainerRegistry/registries/artifacts/delete'
  'Microsoft.ContainerRegistry/registries/push/write'
], allowDisableAdminUser ? [
  'Microsoft.ContainerRegistry/registries/write'
] : [])

resource operatorRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'acr-chatops-operator')
  properties: {
    roleName: 'ACR ChatOps Operator (${namePrefix})'
    description: 'Least privilege for the acr-chatops bot on one registry.'
    type: 'CustomRole'
    assignableScopes: [ registry.id ]
    permissions: [
      {
        actions: operatorActions
        notActions: [
          'Microsoft.ContainerRegistry/registries/listCredentials/action'
          'Microsoft.ContainerRegistry/registries/regenerateCredential/action'
        ]
        dataActions: []
        notDataActions: []
      }
    ]
  }
}

resource operatorAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, operatorRole.id)
  scope: registry
  properties: {
    roleDefinitionId: operatorRole.id
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: '${namePrefix}kv${take(suffix, 8)}'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

// Key Vault Secrets User (read secret values only).
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vaultReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2023-06-01-preview' = {
  name: '${namePrefix}-pg-${take(suffix, 6)}'
  location: location
  sku: { name: 'Standard_B1ms', tier: 'Burstable' }
  properties: {
    version: '15'
    storage: { storageSizeGB: 32 }
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: subscription().tenantId
    }
    backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
  }
}

resource postgresAdmin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2023-06-01-preview' = {
  parent: postgres
  name: postgresAdminObjectId
  properties: {
    principalName: postgresAdminName
    principalType: 'Group'
    tenantId: subscription().tenantId
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2023-06-01-preview' = {
  parent: postgres
  name: 'chatops'
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${namePrefix}-plan'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: '${namePrefix}-bot-${take(suffix, 6)}'
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      appCommandLine: 'npm run start:bot'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/healthz'
      appSettings: [
        { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
        { name: 'MicrosoftAppId', value: identity.properties.clientId }
        { name: 'MicrosoftAppTenantId', value: subscription().tenantId }
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'CHATOPS_REGISTRY', value: registry.properties.loginServer }
        { name: 'CHATOPS_PG_HOST', value: postgres.properties.fullyQualifiedDomainName }
        { name: 'CHATOPS_PG_DATABASE', value: database.name }
        { name: 'CHATOPS_ALERT_WEBHOOK_SECRET', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=acr-webhook-secret)' }
        { name: 'CHATOPS_EVENTGRID_KEY', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=eventgrid-key)' }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${namePrefix}-bot'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'S1' }
  properties: {
    displayName: 'ACR ChatOps'
    endpoint: 'https://${app.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: subscription().tenantId
    disableLocalAuth: true
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

output botEndpoint string = bot.properties.endpoint
output botAppId string = identity.properties.clientId
output keyVaultName string = vault.name
output postgresHost string = postgres.properties.fullyQualifiedDomainName
