// One Entra administrator of a PostgreSQL Flexible Server. A module because the administrator's
// resource name is its object id, and a managed identity's object id is known only during deployment.

param serverName string

@description('Entra object id of the principal.')
param principalObjectId string

@description('Display name; for a managed identity its resource name (the database role is named after it).')
param principalName string

@allowed([ 'Group', 'User', 'ServicePrincipal' ])
param principalType string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2023-06-01-preview' existing = {
  name: serverName
}

resource administrator 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2023-06-01-preview' = {
  parent: server
  name: principalObjectId
  properties: {
    principalName: principalName
    principalType: principalType
    tenantId: subscription().tenantId
  }
}
