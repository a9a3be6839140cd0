@uc:on-request-read
Feature: On-request meter read (IEC 61968-9 clause 5.3, use case MR-03; historical data MR-04)
  The CIS asks the MDM for readings of a meter, synchronously (the reply carries the readings) or
  asynchronously (AsyncReplyFlag and ReplyAddress: the reply only acknowledges, the result follows at
  the ReplyAddress with the request's CorrelationID). The verb of that result is assumption CIM9-01.

  @usecase:MR-03 @pattern:P6 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.4 @role:MDM @edition:2013 @edition:draft-2011 @req:MR-03.1
  Scenario: The CIS reads the register of a meter synchronously
    Given a meter installed at a usage point
    When the CIS requests the register reading of the meter from the "MDM"
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the reply carries the register reading of the meter

  @usecase:MR-03 @pattern:P5 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.4 @role:HES @edition:2013 @edition:draft-2011 @req:MR-03.2
  Scenario: The MDM-side peer reads the register of a meter at the head-end
    Given a meter installed at a usage point
    When the CIS requests the register reading of the meter from the "HES"
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the reply carries the register reading of the meter

  @usecase:MR-03 @pattern:P1a @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.4 @role:MDM @edition:2013 @edition:draft-2011 @req:MR-03.3 @cap:async
  Scenario: The CIS reads a meter asynchronously and gets the correlated result at its ReplyAddress
    Given a meter installed at a usage point
    When the CIS requests the register reading of the meter from the "MDM" asynchronously
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS waits for the asynchronous result of its request
    Then the message is valid against its schemas
    And the message header is conformant
    And it carries the register reading of the meter

  @usecase:MR-04 @pattern:P5 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.5 @role:MDM @edition:2013 @edition:draft-2011 @req:MR-04.1
  Scenario: The CIS reads complete 15-minute interval data of a meter for a past period
    Given a meter installed at a usage point
    When the CIS requests the interval readings of the meter for the last 2 hours from the "MDM"
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the reply carries complete interval data for the requested period
