// nopCommerce's statuses with their exact integer values (Nop.Core.Domain.*) are vocabulary the rules and the
// flows speak. Their one definition is the plugin contract's (packages/contract), which the simulators share
// and whose wire schemas check them; the domain names them here so flows need not reach into the contract.
export {
  enumName,
  ManageInventoryMethod,
  type ManageInventoryMethodId,
  OrderStatus,
  type OrderStatusId,
  PaymentStatus,
  type PaymentStatusId,
  ProductType,
  type ProductTypeId,
  type RecurringCyclePeriodId,
  RecurringProductCyclePeriod,
  ReturnRequestStatus,
  type ReturnRequestStatusId,
  ShippingStatus,
  type ShippingStatusId,
} from "@nop-stripe/contract/nop-enums.js";
