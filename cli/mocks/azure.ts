import { ProviderFakes } from "./types";

export const FAKE_AZURE_SUBSCRIPTION = "00000000-0000-4000-8000-000000000001";
export const FAKE_AZURE_TENANT = "00000000-0000-4000-8000-000000000002";
export const FAKE_AZURE_OBJECT = "00000000-0000-4000-8000-000000000003";

export const azureFakes: ProviderFakes = {
  outputs: {},
  invokes: {
    "azure-native:authorization:getClientConfig": () => ({ subscriptionId: FAKE_AZURE_SUBSCRIPTION, tenantId: FAKE_AZURE_TENANT, objectId: FAKE_AZURE_OBJECT, clientId: FAKE_AZURE_OBJECT }),
  },
};
