/**
 * Official field names and data types of the Autotask entities the sandbox serves, derived from
 * ../shared/psa-specs/autotask-rest-v1.models.derived.json (PascalCase C# DTO names turned into the
 * camelCase the REST API returns: CompanyID → companyID, RMMDeviceID → rmmDeviceID). Generated once;
 * regenerate from that file rather than editing by hand. `userDefinedFields` is handled separately.
 */
export type ModelFieldType = "long" | "integer" | "double" | "decimal" | "boolean" | "datetime" | "string";

const RAW: Record<string, string> = {
  Companies:
    "id:long,additionalAddressInformation:string,address1:string,address2:string,alternatePhone1:string," +
    "alternatePhone2:string,apiVendorID:integer,assetValue:double,billToCompanyLocationID:integer," +
    "billToAdditionalAddressInformation:string,billingAddress1:string,billingAddress2:string," +
    "billToAddressToUse:integer,billToAttention:string,billToCity:string,billToCountryID:integer," +
    "billToState:string,billToZipCode:string,city:string,classification:integer,companyName:string," +
    "companyNumber:string,companyType:integer,competitorID:integer,countryID:integer,createDate:datetime," +
    "createdByResourceID:integer,currencyID:integer,fax:string,impersonatorCreatorResourceID:integer," +
    "invoiceEmailMessageID:integer,invoiceMethod:integer,invoiceNonContractItemsToParentCompany:boolean," +
    "invoiceTemplateID:integer,isActive:boolean,isClientPortalActive:boolean," +
    "isEnabledForComanaged:boolean,isTaskFireActive:boolean,isTaxExempt:boolean," +
    "lastActivityDate:datetime,lastTrackedModifiedDateTime:datetime,marketSegmentID:integer," +
    "ownerResourceID:integer,parentCompanyID:integer,phone:string,postalCode:string," +
    "quoteEmailMessageID:integer,quoteTemplateID:integer,sicCode:string,state:string,stockMarket:string," +
    "stockSymbol:string,surveyCompanyRating:double,taxID:string,taxRegionID:integer,territoryID:integer," +
    "webAddress:string",
  Contracts:
    "id:long,billingPreference:integer,billToCompanyContactID:integer,billToCompanyID:integer," +
    "companyID:integer,contactID:integer,contactName:string,contractCategory:integer," +
    "contractExclusionSetID:integer,contractName:string,contractNumber:string,contractPeriodType:integer," +
    "contractType:integer,description:string,endDate:datetime,estimatedCost:double,estimatedHours:double," +
    "estimatedRevenue:double,exclusionContractID:long,internalCurrencyOverageBillingRate:double," +
    "internalCurrencySetupFee:double,isCompliant:boolean,isDefaultContract:boolean,opportunityID:integer," +
    "organizationalLevelAssociationID:integer,overageBillingRate:double,purchaseOrderNumber:string," +
    "renewedContractID:long,serviceLevelAgreementID:integer,setupFee:double,setupFeeBillingCodeID:long," +
    "startDate:datetime,status:integer,timeReportingRequiresStartAndStopTimes:integer",
  Services:
    "id:long,billingCodeID:integer,createDate:datetime,creatorResourceID:integer,description:string," +
    "invoiceDescription:string,isActive:boolean,lastModifiedDate:datetime,markupRate:double,name:string," +
    "periodType:integer,serviceLevelAgreementID:long,unitCost:double,unitPrice:double," +
    "updateResourceID:integer,vendorCompanyID:integer",
  ContractServices:
    "id:long,contractID:integer,internalCurrencyAdjustedPrice:double,internalCurrencyUnitPrice:double," +
    "internalDescription:string,invoiceDescription:string,quoteItemID:long,serviceID:integer," +
    "unitCost:double,unitPrice:double",
  ContractServiceUnits:
    "id:long,approveAndPostDate:datetime,contractID:integer,contractServiceID:integer,cost:double," +
    "endDate:datetime,internalCurrencyPrice:double,organizationalLevelAssociationID:integer,price:double," +
    "serviceID:integer,startDate:datetime,units:integer,vendorCompanyID:integer," +
    "soapParentPropertyId:long",
  ContractServiceAdjustments:
    "id:long,adjustedUnitCost:double,adjustedUnitPrice:double,allowRepeatService:boolean," +
    "contractID:integer,contractServiceID:integer,effectiveDate:datetime,quoteItemID:integer," +
    "serviceID:integer,unitChange:integer",
  Tickets:
    "id:long,apiVendorID:integer,assignedResourceID:integer,assignedResourceRoleID:integer," +
    "billingCodeID:integer,changeApprovalBoard:integer,changeApprovalStatus:integer," +
    "changeApprovalType:integer,changeInfoField1:string,changeInfoField2:string,changeInfoField3:string," +
    "changeInfoField4:string,changeInfoField5:string,companyID:integer,companyLocationID:integer," +
    "completedByResourceID:integer,completedDate:datetime,configurationItemID:integer,contactID:integer," +
    "contractID:integer,contractServiceBundleID:long,contractServiceID:long,createDate:datetime," +
    "creatorResourceID:integer,creatorType:integer,currentServiceThermometerRating:integer," +
    "description:string,dueDateTime:datetime,estimatedHours:double,externalID:string," +
    "firstResponseAssignedResourceID:integer,firstResponseDateTime:datetime," +
    "firstResponseDueDateTime:datetime,firstResponseInitiatingResourceID:integer," +
    "hoursToBeScheduled:double,impersonatorCreatorResourceID:integer,issueType:integer," +
    "lastActivityDate:datetime,lastActivityPersonType:integer,lastActivityResourceID:integer," +
    "lastCustomerNotificationDateTime:datetime,lastCustomerVisibleActivityDateTime:datetime," +
    "lastTrackedModificationDateTime:datetime,monitorID:integer,monitorTypeID:integer," +
    "opportunityID:integer,organizationalLevelAssociationID:integer," +
    "previousServiceThermometerRating:integer,priority:integer,problemTicketId:integer,projectID:integer," +
    "purchaseOrderNumber:string,queueID:integer,resolution:string,resolutionPlanDateTime:datetime," +
    "resolutionPlanDueDateTime:datetime,resolvedDateTime:datetime,resolvedDueDateTime:datetime," +
    "rmaStatus:integer,rmaType:integer,rmmAlertID:string,serviceLevelAgreementHasBeenMet:boolean," +
    "serviceLevelAgreementID:integer,serviceLevelAgreementPausedNextEventHours:double," +
    "serviceThermometerTemperature:integer,source:integer,status:integer,subIssueType:integer," +
    "ticketCategory:integer,ticketNumber:string,ticketType:integer,title:string",
  TicketNotes:
    "id:long,createDateTime:datetime,creatorResourceID:integer,description:string," +
    "impersonatorCreatorResourceID:integer,impersonatorUpdaterResourceID:integer," +
    "lastActivityDate:datetime,noteType:integer,publish:integer,ticketID:integer,title:string",
  ConfigurationItems:
    "id:long,apiVendorID:integer,configurationItemCategoryID:integer,companyID:integer," +
    "companyLocationID:integer,configurationItemType:integer,contactID:integer,contractID:integer," +
    "contractServiceBundleID:integer,contractServiceID:integer,createDate:datetime," +
    "createdByPersonID:integer,dailyCost:double,dattoAvailableKilobytes:long," +
    "dattoDeviceMemoryMegabytes:integer,dattoDrivesErrors:boolean,dattoHostname:string," +
    "dattoInternalIP:string,dattoKernelVersionID:integer,dattoLastCheckInDateTime:datetime," +
    "dattoNICSpeedKilobitsPerSecond:integer,dattoNumberOfAgents:integer,dattoNumberOfDrives:integer," +
    "dattoNumberOfVolumes:integer,dattoOffsiteUsedBytes:long,dattoOSVersionID:integer," +
    "dattoPercentageUsed:double,dattoProtectedKilobytes:long,dattoRemoteIP:string," +
    "dattoSerialNumber:string,dattoUptimeSeconds:integer,dattoUsedKilobytes:long," +
    "dattoZFSVersionID:integer,deviceNetworkingID:string,hourlyCost:double," +
    "impersonatorCreatorResourceID:integer,installDate:datetime,installedByContactID:integer," +
    "installedByID:integer,isActive:boolean,lastActivityPersonID:integer,lastActivityPersonType:integer," +
    "lastModifiedTime:datetime,location:string,monthlyCost:double,notes:string,numberOfUsers:double," +
    "parentConfigurationItemID:integer,perUseCost:double,productID:integer,referenceNumber:string," +
    "referenceTitle:string,rmmDeviceAuditAntivirusStatusID:integer,rmmDeviceAuditArchitectureID:integer," +
    "rmmDeviceAuditBackupStatusID:integer,rmmDeviceAuditDescription:string," +
    "rmmDeviceAuditDeviceTypeID:integer,rmmDeviceAuditDisplayAdaptorID:integer," +
    "rmmDeviceAuditDomainID:integer,rmmDeviceAuditExternalIPAddress:string,rmmDeviceAuditHostname:string," +
    "rmmDeviceAuditIPAddress:string,rmmDeviceAuditLastUser:string,rmmDeviceAuditMacAddress:string," +
    "rmmDeviceAuditManufacturerID:integer,rmmDeviceAuditMemoryBytes:long," +
    "rmmDeviceAuditMissingPatchCount:integer,rmmDeviceAuditMobileNetworkOperatorID:integer," +
    "rmmDeviceAuditMobileNumber:string,rmmDeviceAuditModelID:integer,rmmDeviceAuditMotherboardID:integer," +
    "rmmDeviceAuditOperatingSystem:string,rmmDeviceAuditPatchStatusID:integer," +
    "rmmDeviceAuditProcessorID:integer,rmmDeviceAuditServicePackID:integer," +
    "rmmDeviceAuditSNMPContact:string,rmmDeviceAuditSNMPLocation:string,rmmDeviceAuditSNMPName:string," +
    "rmmDeviceAuditSoftwareStatusID:integer,rmmDeviceAuditStorageBytes:long,rmmDeviceID:long," +
    "rmmDeviceUID:string,rmmOpenAlertCount:integer,serialNumber:string,serviceBundleID:integer," +
    "serviceID:integer,serviceLevelAgreementID:integer,setupFee:double,sourceChargeID:integer," +
    "sourceChargeType:integer,vendorID:integer,warrantyExpirationDate:datetime",
  ConfigurationItemTypes:
    "id:long,isActive:boolean,name:string",
  Currencies:
    "id:long,currencyNegativeFormat:string,currencyPositiveFormat:string,description:string,displaySymbol:integer," +
    "exchangeRate:double,isActive:boolean,isInternalCurrency:boolean,lastModifiedDateTime:datetime,name:string," +
    "updateResourceId:integer",
  ServiceBundles:
    "id:long,billingCodeID:integer,createDate:datetime,creatorResourceID:integer,description:string," +
    "invoiceDescription:string,isActive:boolean,lastModifiedDate:datetime,name:string,percentageDiscount:double," +
    "periodType:integer,serviceLevelAgreementID:long,unitCost:double,unitDiscount:double,unitPrice:double," +
    "updateResourceID:integer",
  ServiceBundleServices:
    "id:long,serviceBundleID:long,serviceID:long",
  ContractServiceBundles:
    "id:long,adjustedPrice:double,contractID:integer,internalCurrencyAdjustedPrice:double," +
    "internalCurrencyUnitPrice:double,internalDescription:string,invoiceDescription:string,quoteItemID:long," +
    "serviceBundleID:integer,unitPrice:double",
  ContractServiceBundleUnits:
    "id:long,approveAndPostDate:datetime,contractID:integer,contractServiceBundleID:integer,cost:double," +
    "endDate:datetime,internalCurrencyPrice:double,organizationalLevelAssociationID:integer,price:double," +
    "serviceBundleID:integer,startDate:datetime,units:integer,soapParentPropertyId:long",
};

export type ModelField = { name: string; type: ModelFieldType };

/** Field list per entity (canonical entity names as in the URL: "Tickets", "ContractServiceUnits", …). */
export const MODEL_FIELDS: Record<string, ModelField[]> = Object.fromEntries(
  Object.entries(RAW).map(([entity, list]) => [
    entity,
    list.split(",").map((pair) => {
      const [name, type] = pair.split(":") as [string, ModelFieldType];
      return { name, type };
    }),
  ]),
);
