export { customersFlow } from "./customer-actions.js";
export { type Customers, type CustomersOptions, type CustomersPorts, registerCustomers } from "./flow.js";
