// What GraphiQL opens on, instead of its generic welcome text: the unified order, one row per system.
export const graphiqlDefaultQuery = `# The latest orders as nopCommerce, Stripe, the ERP and the warehouse see them, side by side.
# Run it with the ▶ button (Ctrl+Enter). The Docs panel lists every field; amounts are in minor units.
{
  orders(first: 5) {
    edges {
      node {
        nopOrderId
        orderTotal
        currency
        orderStatus
        paymentStatus
        paymentIntents { id status amount amountReceived }
        erpDocument { documentNumber total }
        wmsRequest { id requestedAt }
        shipments { trackingNumber shippedAt deliveredAt }
        mismatches
      }
    }
  }
  queueHealth { waiting openDeadLetters }
}
`;
