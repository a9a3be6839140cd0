@uc:relayed-read
Feature: Relayed on-request read (IEC 61968-9 clause 5.3, use case MR-03 steps 1–4, pattern P6)
  The CIS asks the MDM for a register reading; the MDM asks its head-end for a fresh read and relays the
  outcome. The suite plays both peers of the MDM: the CIS, and the head-end at <listener>/hes
  (pics.MDM.sends), which answers with known register values. Whether the MDM may answer from its
  own store instead is assumption CIM9-83 (default: it must relay). Asked asynchronously (AsyncReplyFlag and a
  ReplyAddress), the MDM acknowledges, asks its head-end, and sends the head-end's values to the CIS's ReplyAddress with
  created(MeterReadings) carrying the CIS's CorrelationID.

  @usecase:MR-03 @pattern:P6 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.4 @role:MDM @edition:2013 @req:MR-03.5 @cap:relay
  Scenario: The MDM relays an on-request register read to its head-end and the head-end's values to the CIS
    Given a meter installed at a usage point
    When the CIS requests the register reading of the meter from the MDM, the suite playing its head-end
    Then the MDM asks the head-end for the register reading of the meter
    And the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the reply carries exactly the head-end's register reading of the meter

  @usecase:MR-03 @pattern:P6 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.4 @role:MDM @edition:2013 @req:MR-03.6 @cap:relay @cap:async
  Scenario: The MDM relays an asynchronous on-request read to its head-end and the head-end's values to the CIS's ReplyAddress
    Given a meter installed at a usage point
    When the CIS requests the register reading of the meter from the MDM asynchronously, the suite playing its head-end
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the MDM asks the head-end for the register reading of the meter
    When the CIS waits for the asynchronous result of its request
    Then the message is valid against its schemas
    And the message header is conformant
    And the asynchronous result carries exactly the head-end's register reading of the meter
