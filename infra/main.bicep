// acr-chatops on Azure: the bot (App Service, Linux, Node 24 LTS) with a user-assigned managed identity, its Azure Bot
// registration (Teams channel), PostgreSQL Flexible Server with Entra-only auth reached through the
// virtual network only, Key Vault for the webhook secrets (virtual network + listed IPs only), and the
// least privilege the bot needs on the registry it manages.
// Deploy: see README.md → "Deploying to Azure" (az deployment group create …, or `atk provision` with m365agents.yml).

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

@description('Entra object id of the PostgreSQL administrator (a group is best): az ad group show -g NAME --query id -o tsv')
@minLength(36)
@maxLength(36)
param postgresAdminObjectId string

@description('Display name of that administrator principal (the group, user or service principal name).')
param postgresAdminName string

@description('What kind of principal the PostgreSQL administrator is.')
@allowed([ 'Group', 'User', 'ServicePrincipal' ])
param postgresAdminPrincipalType string = 'Group'

@description('App Service plan SKU. Standard or Premium: autoscale and virtual network integration need them.')
@allowed([ 'S1', 'S2', 'S3', 'P0v3', 'P1v3', 'P2v3', 'P3v3' ])
param appServiceSku string = 'P0v3'

@description('Bot instances (replicas) to run at least; all share the one PostgreSQL. Two or more keep the bot up during restarts.')
@minValue(1)
@maxValue(10)
param instanceCount int = 2

@description('Most instances autoscale may add under CPU load. Keep instances × 10 connections under the PostgreSQL SKU\'s connection limit.')
@minValue(1)
@maxValue(10)
param maxInstanceCount int = 4

@description('Address space of the virtual network the bot and PostgreSQL share.')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Subnet the Web App integrates with (delegated to App Service).')
param appSubnetPrefix string = '10.40.1.0/24'

@description('Subnet of PostgreSQL (delegated to PostgreSQL Flexible Server; nothing else may use it).')
param postgresSubnetPrefix string = '10.40.2.0/24'

@description('Public IP ranges (CIDR) that may reach Key Vault, e.g. the operator who sets the secrets. Empty: only the bot\'s subnet.')
param keyVaultAllowedIpRanges array = []

@description('Entra object id of who may write the Key Vault secrets (Key Vault Secrets Officer); empty: nobody is granted here.')
param secretsOfficerObjectId string = ''

@allowed([ 'Group', 'User', 'ServicePrincipal' ])
param secretsOfficerPrincipalType string = 'User'

@description('ACR webhook secret (custom header value, ≥ 16 characters). Empty: leave the Key Vault secret as it is (set it with the command in the README).')
@secure()
param acrWebhookSecret string = ''

@description('Event Grid webhook key (≥ 16 characters). Empty: leave the Key Vault secret as it is.')
@secure()
param eventGridKey string = ''

@description('HMAC key for user ids in the feedback table (≥ 16 characters; the same on every instance). Empty: leave the Key Vault secret as it is.')
@secure()
param feedbackHashKey string = ''

@description('Serve Slack too: the app reads SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN from the Key Vault secrets slack-signing-secret and slack-bot-token (they must exist). false: Slack stays off.')
param enableSlack bool = false

@description('Slack app signing secret. Empty: leave the Key Vault secret as it is.')
@secure()
param slackSigningSecret string = ''

@description('Slack bot token (xoxb-…). Empty: leave the Key Vault secret as it is.')
@secure()
param slackBotToken string = ''

var suffix = uniqueString(resourceGroup().id, namePrefix)
var appName = '${namePrefix}-bot-${take(suffix, 6)}'
var registryShortName = toLower(registryName)

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: registryName
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-bot-id'
  location: location
}

// Exactly what the bot does, nothing more (src/registry/acr/permissions.ts lists the action of each
// operation): read registry + usage, list/cancel task runs, read repositories and manifests, delete
// artifacts (purge), lock/unlock images (manifest attributes = repository metadata write).
// Registry write (to disable the admin user) only when allowDisableAdminUser; never listCredentials.
var operatorActions = concat([
  'Microsoft.ContainerRegistry/registries/read'
  'Microsoft.ContainerRegistry/registries/listUsages/read'
  'Microsoft.ContainerRegistry/registries/runs/read'
  'Microsoft.ContainerRegistry/registries/runs/cancel/action'
  'Microsoft.ContainerRegistry/registries/pull/read'
  'Microsoft.ContainerRegistry/registries/metadata/read'
  'Microsoft.ContainerRegistry/registries/metadata/write'
  'Microsoft.ContainerRegistry/registries/artifacts/delete'
], allowDisableAdminUser ? [
  'Microsoft.ContainerRegistry/registries/write'
] : [])

resource operatorRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(registry.id, 'acr-chatops-operator', namePrefix)
  properties: {
    // Role names are unique per tenant: name the resource group and registry in it.
    roleName: 'ACR ChatOps Operator (${resourceGroup().name}/${registryName}/${namePrefix})'
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

// The app routes all outbound traffic through the virtual network (below), so the network needs its
// own way out (Teams, Entra, Resource Manager, the registry): a NAT gateway, which also gives the bot one
// stable outbound address (for a registry firewall, for example).
resource natIp 'Microsoft.Network/publicIPAddresses@2023-11-01' = {
  name: '${namePrefix}-nat-ip'
  location: location
  sku: { name: 'Standard' }
  properties: { publicIPAllocationMethod: 'Static' }
}

resource nat 'Microsoft.Network/natGateways@2023-11-01' = {
  name: '${namePrefix}-nat'
  location: location
  sku: { name: 'Standard' }
  properties: {
    publicIpAddresses: [ { id: natIp.id } ]
  }
}

// Network: the Web App reaches PostgreSQL and Key Vault through this virtual network only.
resource vnet 'Microsoft.Network/virtualNetworks@2023-11-01' = {
  name: '${namePrefix}-vnet'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [ vnetAddressPrefix ] }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [ { name: 'web', properties: { serviceName: 'Microsoft.Web/serverFarms' } } ]
          serviceEndpoints: [ { service: 'Microsoft.KeyVault' } ]
          natGateway: { id: nat.id }
        }
      }
      {
        name: 'postgres'
        properties: {
          addressPrefix: postgresSubnetPrefix
          delegations: [ { name: 'postgres', properties: { serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers' } } ]
        }
      }
    ]
  }
}

// Through the deployed network's properties, so everything that uses a subnet waits for the network.
var appSubnetId = vnet.properties.subnets[0].id
var postgresSubnetId = vnet.properties.subnets[1].id

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: '${namePrefix}kv${take(suffix, 8)}'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
    // Public endpoint, but closed by default: only the bot's subnet (service endpoint) and the listed IPs.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
      virtualNetworkRules: [ { id: appSubnetId, ignoreMissingVnetServiceEndpoint: false } ]
      ipRules: [for range in keyVaultAllowedIpRanges: { value: range }]
    }
  }
}

// Secrets given as parameters are written by the deployment (control plane: not subject to the vault
// firewall); empty ones are left alone, so a redeploy without them keeps what an operator set.
var secretValues = [
  { name: 'acr-webhook-secret', value: acrWebhookSecret }
  { name: 'eventgrid-key', value: eventGridKey }
  { name: 'feedback-hash-key', value: feedbackHashKey }
  { name: 'slack-signing-secret', value: slackSigningSecret }
  { name: 'slack-bot-token', value: slackBotToken }
]

resource secrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for secret in secretValues: if (!empty(secret.value)) {
  parent: vault
  name: secret.name
  properties: { value: secret.value }
}]

// Key Vault Secrets User (read secret values only).
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
// Key Vault Secrets Officer (write secrets; no keys, no access management).
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vaultReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource vaultWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(secretsOfficerObjectId)) {
  name: guid(vault.id, secretsOfficerObjectId, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
    principalId: secretsOfficerObjectId
    principalType: secretsOfficerPrincipalType
  }
}

var postgresName = '${namePrefix}-pg-${take(suffix, 6)}'

// Private DNS for a server in a delegated subnet: the zone must end in .postgres.database.azure.com.
resource postgresDns 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: '${postgresName}.private.postgres.database.azure.com'
  location: 'global'
}

resource postgresDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  parent: postgresDns
  name: '${namePrefix}-vnet-link'
  location: 'global'
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: vnet.id }
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2023-06-01-preview' = {
  name: postgresName
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
    // In the delegated subnet, no public endpoint and no firewall rules at all.
    network: {
      delegatedSubnetResourceId: postgresSubnetId
      privateDnsZoneArmResourceId: postgresDns.id
      publicNetworkAccess: 'Disabled'
    }
    backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
  }
  dependsOn: [ postgresDnsLink ]
}

// The server accepts one change at a time (parallel writes fail with ServerBusy): administrators and
// the database are created one after another.
resource postgresAdmin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2023-06-01-preview' = {
  parent: postgres
  name: postgresAdminObjectId
  properties: {
    principalName: postgresAdminName
    principalType: postgresAdminPrincipalType
    tenantId: subscription().tenantId
  }
}

// The bot's identity becomes a database principal: its role is named after the identity, and that is
// the user name in DATABASE_URL (it signs in with Entra tokens, CHATOPS_DATABASE_AUTH=entra).
module postgresBotPrincipal 'modules/postgres-administrator.bicep' = {
  name: '${namePrefix}-postgres-bot-principal'
  params: {
    serverName: postgres.name
    principalObjectId: identity.properties.principalId
    principalName: identity.name
    principalType: 'ServicePrincipal'
  }
  dependsOn: [ postgresAdmin ]
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2023-06-01-preview' = {
  parent: postgres
  name: 'chatops'
  dependsOn: [ postgresBotPrincipal ]
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${namePrefix}-plan'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku, capacity: instanceCount }
  properties: { reserved: true }
}

// Scale-out: at least instanceCount replicas, up to maxInstanceCount under sustained CPU load.
resource autoscale 'Microsoft.Insights/autoscalesettings@2022-10-01' = {
  name: '${namePrefix}-plan-autoscale'
  location: location
  properties: {
    enabled: true
    targetResourceUri: plan.id
    profiles: [
      {
        name: 'cpu'
        capacity: { minimum: string(instanceCount), maximum: string(max(instanceCount, maxInstanceCount)), default: string(instanceCount) }
        rules: [
          {
            metricTrigger: { metricName: 'CpuPercentage', metricResourceUri: plan.id, timeGrain: 'PT1M', statistic: 'Average', timeWindow: 'PT10M', timeAggregation: 'Average', operator: 'GreaterThan', threshold: 70 }
            scaleAction: { direction: 'Increase', type: 'ChangeCount', value: '1', cooldown: 'PT10M' }
          }
          {
            metricTrigger: { metricName: 'CpuPercentage', metricResourceUri: plan.id, timeGrain: 'PT1M', statistic: 'Average', timeWindow: 'PT20M', timeAggregation: 'Average', operator: 'LessThan', threshold: 30 }
            scaleAction: { direction: 'Decrease', type: 'ChangeCount', value: '1', cooldown: 'PT20M' }
          }
        ]
      }
    ]
  }
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Replicas share all state through PostgreSQL: no sticky sessions.
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identity.id
    virtualNetworkSubnetId: appSubnetId
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      // The package carries dist/ (built by `npm run build` before deploying): no build at start, no npm.
      appCommandLine: 'node --single-threaded-gc --max-semi-space-size=4 dist/src/main.js'
      alwaysOn: true
      // All outbound traffic (PostgreSQL, Key Vault references) through the virtual network.
      vnetRouteAllEnabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/healthz'
    }
  }
}

// Only Entra-authenticated deployments (zip deploy with a token); no FTP or SCM user names and passwords.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: app
  name: 'ftp'
  properties: { allow: false }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: app
  name: 'scm'
  properties: { allow: false }
}

// The settings the bot reads (src/config/schema.ts); test/unit/infra checks each name against it.
// App Service sets PORT itself (the bot then listens on all interfaces).
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    WEBSITE_RUN_FROM_PACKAGE: '1'
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
    MicrosoftAppType: 'UserAssignedMSI'
    MicrosoftAppId: identity.properties.clientId
    MicrosoftAppTenantId: subscription().tenantId
    AZURE_CLIENT_ID: identity.properties.clientId
    CHATOPS_LOG_LEVEL: 'info'
    CHATOPS_PUBLIC_URL: 'https://${app.properties.defaultHostName}'
    CHATOPS_REGISTRIES: '${registryShortName}=acr:${registryName}'
    CHATOPS_AZURE_SUBSCRIPTION_ID: subscription().subscriptionId
    CHATOPS_AZURE_RESOURCE_GROUP: resourceGroup().name
    DATABASE_URL: 'postgres://${identity.name}@${postgres.properties.fullyQualifiedDomainName}:5432/${database.name}?sslmode=verify-full'
    CHATOPS_DATABASE_AUTH: 'entra'
    CHATOPS_FEEDBACK_HASH_KEY: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=feedback-hash-key)'
    CHATOPS_ALERTS_ACR_SECRET: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=acr-webhook-secret)'
    CHATOPS_ALERTS_EVENTGRID_KEY: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=eventgrid-key)'
    SLACK_SIGNING_SECRET: enableSlack ? '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=slack-signing-secret)' : ''
    SLACK_BOT_TOKEN: enableSlack ? '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=slack-bot-token)' : ''
  }
  dependsOn: [ vaultReader, secrets, postgresBotPrincipal ]
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
// For the Agents Toolkit (m365agents.yml): written to env/.env.<environment> as these names.
output BOT_ID string = identity.properties.clientId
output BOT_DOMAIN string = app.properties.defaultHostName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = app.id
output KEY_VAULT_NAME string = vault.name
output outboundIp string = natIp.properties.ipAddress
