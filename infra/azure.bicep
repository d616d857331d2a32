// Hallway on Azure: one Linux App Service (Always On, for the scheduler), a storage account whose
// tables hold everything, a user-assigned managed identity that is both the bot's identity and the
// storage's reader and writer, and the Azure Bot with its Teams channel. No secrets anywhere.
// Deployed by the Microsoft 365 Agents Toolkit (m365agents.yml, arm/deploy) or by hand:
//   az deployment group create -g <group> -f infra/azure.bicep -p resourceBaseName=<name> ssoClientId=<app id>

@maxLength(20)
@minLength(4)
@description('Used to name every resource (lower-case letters and digits, e.g. hallway1234).')
param resourceBaseName string

@description('The Entra app registration the tab signs in with (SSO_CLIENT_ID): aadApp/create makes it; a managed identity cannot sign people in.')
param ssoClientId string

@description('Where the resources live; the Azure Bot itself is global.')
param location string = resourceGroup().location

@description('App Service plan size: B1 or larger (Always On is not available on Free or Shared).')
param webAppSku string = 'B1'

@description('Node.js LTS line of the App Service runtime (package.json engines lists the supported ones).')
param linuxFxVersion string = 'NODE|22-lts'

@maxLength(42)
@description('The bot\'s name in the Azure portal.')
param botDisplayName string = 'Hallway'

@description('Azure Bot pricing tier: F0 (free) or S1.')
param botServiceSku string = 'F0'

@description('Prefix of every table name (AZURE_TABLES_PREFIX), so several deployments can share the account.')
param tablePrefix string = 'hallway'

@description('The catalogue entry\'s pages and support contact (DEVELOPER_*_URL, SUPPORT_CONTACT); empty: Hallway\'s own pages on its host.')
param developerWebsiteUrl string = ''
param developerPrivacyUrl string = ''
param developerTermsUrl string = ''
param supportContact string = ''

var storageAccountName = toLower(take(replace('${resourceBaseName}data', '-', ''), 24))
// Storage Table Data Contributor: read, write and delete tables and entities, nothing else.
var storageTableDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-identity'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Only Entra ID sign-in (the managed identity): no account keys to leak.
    allowSharedKeyAccess: false
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageTableDataContributor)
  properties: {
    roleDefinitionId: storageTableDataContributor
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource serverfarm 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: resourceBaseName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      // The scheduler (coffee rounds, break reminders, follow-ups) runs inside the process: it must not idle out.
      alwaysOn: true
      appCommandLine: 'node --disable-warning=DEP0111 dist/bot/main.js'
      healthCheckPath: '/readyz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
}

// Set after the site exists, so PUBLIC_HOSTNAME is the host App Service gave it.
resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: webApp
  name: 'appsettings'
  properties: {
    NODE_ENV: 'production'
    // App Service installs the production dependencies on Linux (better-sqlite3's binary must be Linux's);
    // the zip from m365agents.yml carries the build (dist/) and the package files only.
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
    CUSTOM_BUILD_COMMAND: 'npm ci --omit=dev --no-audit --no-fund'
    MicrosoftAppType: 'UserAssignedMSI'
    MicrosoftAppId: identity.properties.clientId
    MicrosoftAppTenantId: identity.properties.tenantId
    SSO_CLIENT_ID: ssoClientId
    PUBLIC_HOSTNAME: webApp.properties.defaultHostName
    // App Service's only persistent disk is a network share: Hallway refuses SQLite there.
    STORAGE: 'azure-tables'
    AZURE_TABLES_ACCOUNT_URL: storage.properties.primaryEndpoints.table
    AZURE_TABLES_PREFIX: tablePrefix
    LOG_LEVEL: 'info'
  }
  dependsOn: [
    tableRole
  ]
}

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  kind: 'azurebot'
  location: 'global'
  name: resourceBaseName
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: identity.properties.tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  location: 'global'
  name: 'MsTeamsChannel'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

// Written to env/.env.<environment> by the toolkit: the package (appPackage/manifest.template.json) and zipDeploy read them.
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output PUBLIC_HOSTNAME string = webApp.properties.defaultHostName
output AZURE_TABLES_ACCOUNT_URL string = storage.properties.primaryEndpoints.table
// The catalogue entry: what the organisation set, or Hallway's own pages on the host it was given.
var website = empty(developerWebsiteUrl) ? 'https://${webApp.properties.defaultHostName}/' : developerWebsiteUrl
output DEVELOPER_WEBSITE_URL string = website
output DEVELOPER_PRIVACY_URL string = empty(developerPrivacyUrl) ? 'https://${webApp.properties.defaultHostName}/privacy' : developerPrivacyUrl
output DEVELOPER_TERMS_URL string = empty(developerTermsUrl) ? 'https://${webApp.properties.defaultHostName}/terms' : developerTermsUrl
output SUPPORT_CONTACT string = empty(supportContact) ? website : supportContact
