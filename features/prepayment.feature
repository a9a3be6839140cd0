@uc:prepayment
Feature: Prepayment: auxiliary agreements, receipts and transactions (IEC 61968-9:2013 clause 5.7, PM-01..03, reconstructed)
  RECONSTRUCTED: the 2013 prepayment figures (44-46) and the AuxiliaryAgreementConfig, ReceiptRecord and
  TransactionRecord profiles are not public (UC-27). The suite's 2013 pack writes the profiles from the CIM classes
  AuxiliaryAgreement, Receipt / Tender and Transaction (CIM9-270..272, validated leniently); a user's official schemas
  replace them through `schemas:`, and a profile that does not declare PM-01..03 in its pics runs none of these
  scenarios. The flow: the point of sale tells the CIS the receipt (created(ReceiptRecord)); the CIS transfers its
  transactions to the MDM (created(TransactionRecord)) and creates auxiliary agreements there
  (create(AuxiliaryAgreementConfig)); the MDM asks its head-end to update the meter's credit with the credit update
  control (CIM9-274, x.20.22.13) carrying the amount (CIM9-273, priceSignal by default). Only the transactions that buy
  credit (CIM9-275) are credited: an auxiliary charge recovered under an auxiliary agreement is not.
  As MDM the SUT is played against by the suite as CIS and as its head-end (<listener>/hes,
  pics.MDM.sends); as head-end, by the suite as MDM sending the credit update, whose reply returns the
  controls taken (CIM9-123); as CIS, by the suite as point of sale and as its MDM (<listener>/mdm).

  @usecase:PM-03 @pattern:P6 @edition:2013 @clause:2013:5.7
  @role:MDM @req:PM-03.1 @cap:relay
  Scenario: The MDM credits the meter at the head-end with the amount of a token sale the CIS tells it
    Given a meter installed at a usage point
    When the CIS tells the MDM of a token sale for the meter, the suite playing its head-end
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the MDM asks the head-end to credit the meter with the amount the transactions bought

  @usecase:PM-01 @pattern:P6 @edition:2013 @clause:2013:5.7
  @role:MDM @req:PM-01.1 @cap:relay
  Scenario: Under an auxiliary agreement the MDM credits the token sale and not the auxiliary charge recovered from it
    Given a meter installed at a usage point
    When the CIS creates an auxiliary agreement at the MDM for the customer account of the meter's usage point
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS tells the MDM of a token sale and of the auxiliary charge recovered from it
    Then the reply has Result "OK"
    And the MDM asks the head-end to credit the meter with the amount the transactions bought

  @usecase:PM-03 @pattern:P1 @edition:2013 @clause:2013:5.7
  @role:HES @req:PM-03.2
  Scenario: The head-end takes the MDM's credit update of a meter with its amount
    Given a meter installed at a usage point
    When the MDM asks the head-end to credit the meter with the amount of a token sale
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the head-end returns the credit update of the meter with the amount

  @usecase:PM-02 @usecase:PM-03 @pattern:P2 @edition:2013 @clause:2013:5.7
  @role:CIS @req:PM-02.1
  Scenario: The CIS transfers the transactions of a receipt from the point of sale to the MDM
    Given a meter installed at a usage point
    When the point of sale tells the CIS of a receipt for the meter's account, the suite playing the MDM
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the MDM the suite plays waits for the transactions the CIS transfers
    Then every transaction transfer is valid against its schemas and conformant
    And the transactions transferred are the receipt's, with the same amounts, account and meter, dated after the receipt

  @usecase:PM-01 @pattern:P1 @edition:2013 @clause:2013:5.7
  @role:CIS @req:PM-01.2
  Scenario: The CIS creates at the MDM an auxiliary agreement under the customer agreement of the meter's usage point
    Given a meter installed at a usage point
    When the CIS is told to create an auxiliary agreement for the meter at the MDM the suite plays
    Then the MDM the suite plays receives the request
    And the request is valid against its schemas
    And the request header is conformant
    And the auxiliary agreement names the usage point of the meter
    And the MDM the suite plays takes the request

  # ------------------------------------------------------------------ negatives (Annex B codes; a refusal takes no effect)

  @usecase:PM-03 @pattern:P6 @edition:2013 @clause:2013:5.7 @clause:2013:AnnexB
  @role:MDM @req:PM-NEG-1 @cap:relay
  Scenario: The MDM refuses the token sale of a meter it does not know and asks its head-end to credit nothing
    Given a meter installed at a usage point
    When the CIS tells the MDM of a token sale for the meter, the suite playing its head-end
    Then the reply has Result "OK"
    And the MDM asks the head-end to credit the meter with the amount the transactions bought
    When the CIS tells the MDM of a token sale for a meter the MDM does not know
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "FAILED" with the Annex B code for "unknownMeter"
    And the MDM asks its head-end for no credit update after the refused transactions

  @usecase:PM-01 @pattern:P1 @edition:2013 @clause:2013:5.7 @clause:2013:AnnexB
  @role:MDM @req:PM-NEG-2
  Scenario: The MDM refuses an auxiliary agreement for a usage point it does not know (CIM9-289)
    Given a meter installed at a usage point
    When the CIS creates an auxiliary agreement at the MDM for a usage point the MDM does not know
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the MDM refuses the auxiliary agreement with the Annex B code of an unknown usage point (CIM9-289)

  @usecase:PM-02 @pattern:P2 @edition:2013 @clause:2013:5.7 @clause:2013:AnnexB
  @role:CIS @req:PM-NEG-3
  Scenario: The CIS refuses the receipt of a meter it does not know and transfers none of its transactions
    Given a meter installed at a usage point
    When the point of sale tells the CIS of a receipt for the meter's account, the suite playing the MDM
    Then the reply has Result "OK"
    When the MDM the suite plays waits for the transactions the CIS transfers
    Then the transactions transferred are the receipt's, with the same amounts, account and meter, dated after the receipt
    When the point of sale tells the CIS of a receipt for a meter the CIS does not know
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "FAILED" with the Annex B code for "unknownMeter"
    And the CIS transfers none of the refused receipt's transactions to the MDM
